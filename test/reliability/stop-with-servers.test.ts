// A scheduler's cancel signals gkt and the servers it launched at once: requests cut that way are left to
// do, not recorded as failures, so the resubmitted run completes every item with none failed.
import { afterEach, describe, expect, it } from 'vitest';
import { GSM8K_MINI, childPids, jsonlFiles, killLeftovers, recordsOf, runGkt, simulatedModel, startGktProcess, workspace, type Workspace } from './helpers.js';

let space: Workspace | null = null;
afterEach(async () => {
  killLeftovers();
  await space?.cleanup();
  space = null;
});

/** Every process under `pid`, itself included: what Slurm signals when a job is cancelled. */
function tree(pid: number): number[] {
  return [pid, ...childPids(pid).flatMap(tree)];
}

describe('SIGTERM to gkt and its launched servers together (scancel)', () => {
  it('records no failure for the requests it cut; the rerun answers every item once', async () => {
    space = await workspace({
      name: 'cancelled',
      seed: 1,
      models: {
        teacher: simulatedModel('sim-teacher', { accuracy: 0.75, slots: 8, decodeMsPerToken: 1 }, { batch: 8 }),
        // Each student answer takes about a second: the cancel lands while one is in flight.
        student: simulatedModel('sim-student', { accuracy: 0.25, slots: 1, decodeMsPerToken: 12 }),
      },
      datasets: [{ name: 'gsm8k', path: GSM8K_MINI, outputLengths: [80] }],
      pairs: [{ teacher: 'teacher', student: 'student' }],
      guidance: [20],
      baselines: { studentAlone: false, teacherAlone: false, teacherAloneBatched: false },
      requests: { timeoutSeconds: 30, graceSeconds: 5, attempts: 2 },
      cache: false,
    });
    const run = space.run('cancelled');
    const gkt = startGktProcess(['run', space.config, '--results', space.results, '--quiet']);
    await gkt.waitUntil(() => jsonlFiles(run, 'cells').some((file) => recordsOf(file, 'item').length >= 1), 'a first student answer', 30_000);
    for (const pid of tree(gkt.pid)) process.kill(pid, 'SIGTERM');
    const stopped = await gkt.exited;
    expect(stopped.code).toBe(143);
    const cut = jsonlFiles(run, 'cells').flatMap((file) => recordsOf(file, 'item'));
    expect(cut.length).toBeLessThan(8);
    expect(cut.filter((r) => r['error'] !== null)).toEqual([]);

    const resumed = await runGkt(['run', space.config, '--results', space.results, '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const items = jsonlFiles(run, 'cells').flatMap((file) => recordsOf(file, 'item'));
    expect(items.map((r) => r['item']).sort()).toEqual([...new Set(items.map((r) => r['item']))].sort());
    expect(items).toHaveLength(8);
    expect(items.filter((r) => r['error'] !== null)).toEqual([]);
  }, 60_000);
});
