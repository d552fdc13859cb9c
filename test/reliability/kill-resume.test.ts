// kill -9 at several points of a sweep, then resume: no record lost or doubled, no simulator left, no temp file left.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  GSM8K_MINI,
  childPids,
  isRunning,
  jsonlFiles,
  killLeftovers,
  listTree,
  readLines,
  recordsOf,
  simulatedModel,
  startGktProcess,
  waitFor,
  workspace,
  type RunningGkt,
  type Workspace,
} from './helpers.js';

const ITEMS = 8;

/** One pass (two static batches of 4) and two serial cells of 8 items: about 3 s of simulated work. */
const config = {
  name: 'crash',
  seed: 1,
  models: {
    teacher: simulatedModel('sim-teacher', { accuracy: 0.75, slots: 4, decodeMsPerToken: 25, overheadMs: 5 }, { batch: 4 }),
    student: simulatedModel('sim-student', { accuracy: 0.25, slots: 2, decodeMsPerToken: 3, overheadMs: 5 }),
  },
  datasets: [{ name: 'gsm8k', path: GSM8K_MINI, outputLengths: [40] }],
  pairs: [{ teacher: 'teacher', student: 'student' }],
  guidance: [20],
  baselines: { studentAlone: true, teacherAlone: false, teacherAloneBatched: false },
  requests: { timeoutSeconds: 30, graceSeconds: 5 },
  cache: false,
};

let space: Workspace | null = null;
afterEach(async () => {
  killLeftovers();
  await space?.cleanup();
  space = null;
});

/**
 * Watches the run folder while gkt runs: manifest.json must parse and summary.txt must be whole (from its
 * title through its notes to the last newline) every time either is seen. Returns what it saw once stopped.
 */
function watchWholeFiles(runDir: string): { stop(): { reads: number; torn: string[] } } {
  let reads = 0;
  const torn: string[] = [];
  const read = (name: string): string | null => {
    try {
      return readFileSync(join(runDir, name), 'utf8');
    } catch {
      return null;
    }
  };
  const timer = setInterval(() => {
    const manifest = read('manifest.json');
    if (manifest !== null) {
      reads++;
      try {
        JSON.parse(manifest);
      } catch {
        torn.push(`manifest.json: ${manifest.slice(-80)}`);
      }
    }
    const summary = read('summary.txt');
    if (summary !== null && !/^Run summary\n[\s\S]*numbers exercise the harness, not a model\n[\s\S]*\n$/.test(summary)) {
      torn.push(`summary.txt: ${summary.slice(-80)}`);
    }
  }, 5);
  return { stop: () => (clearInterval(timer), { reads, torn }) };
}

/** kill -9 the run once `ready` holds; returns the simulators it had started, which must then go away. */
async function killWhen(run: RunningGkt, ready: () => boolean, what: string): Promise<number[]> {
  await run.waitUntil(ready, what);
  const simulators = childPids(run.pid);
  run.child.kill('SIGKILL');
  const { signal } = await run.exited;
  expect(signal).toBe('SIGKILL');
  return simulators;
}

function perItem(files: string[], type: 'teacher' | 'item'): Map<string, number> {
  const counts = new Map<string, number>();
  for (const file of files) {
    for (const record of recordsOf(file, type)) {
      const key = `${file}#${String(record.item)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

function expectNoDoubles(runDir: string): void {
  for (const [sub, type] of [['teacher', 'teacher'], ['cells', 'item']] as const) {
    for (const [key, n] of perItem(jsonlFiles(runDir, sub), type)) expect(n, key).toBe(1);
  }
}

describe('gkt run killed with SIGKILL', () => {
  it('resumes after kills in a teacher pass, between phases and in a cell, mending a torn line, to one record per item', async () => {
    space = await workspace(config);
    const runDir = space.run('crash');
    const args = ['run', space.config, '--results', space.results];
    const teacherRecords = () => jsonlFiles(runDir, 'teacher').reduce((n, f) => n + recordsOf(f, 'teacher').length, 0);
    const watcher = watchWholeFiles(runDir);
    const simulatorsSeen: number[] = [];

    // 1. During the teacher pass: the first static batch is recorded, the second is in flight.
    const first = startGktProcess(args);
    simulatorsSeen.push(...(await killWhen(first, () => teacherRecords() >= 4, 'the first teacher batch')));
    expect(teacherRecords()).toBeLessThan(ITEMS);
    expect(existsSync(join(runDir, '.lock'))).toBe(true);
    expectNoDoubles(runDir);

    // 2. Between phases: the pass has just ended (its progress line is out), the first cell has barely begun.
    const second = startGktProcess(args);
    simulatorsSeen.push(...(await killWhen(second, () => /done \[1\/3\] teacher/.test(second.stderr()), 'the end of the teacher pass')));
    expect(teacherRecords()).toBe(ITEMS);
    expectNoDoubles(runDir);

    // 3. Inside a student cell: some items answered, the rest not.
    const third = startGktProcess(args);
    const cellRecords = () => jsonlFiles(runDir, 'cells').reduce((n, f) => n + recordsOf(f, 'item').length, 0);
    const before = cellRecords();
    simulatorsSeen.push(...(await killWhen(third, () => cellRecords() >= before + 3, 'three more student answers')));
    expect(cellRecords()).toBeLessThan(2 * ITEMS);
    expectNoDoubles(runDir);

    // A write cut by the kill: half a record, no newline.
    const torn = jsonlFiles(runDir, 'cells')[0]!;
    appendFileSync(torn, '{"type":"item","cell":"c-torn","item":"gsm8k-7","index":7,"question":"A baker');
    // What a kill inside an atomic write leaves: the temp file beside its target, never renamed.
    writeFileSync(join(runDir, '.manifest.json.0123456789ab.tmp'), '{"run": "cr');

    // Every simulator a killed gkt had started is gone: they notice their parent is.
    expect(simulatorsSeen.length).toBeGreaterThanOrEqual(4);
    await waitFor(() => simulatorsSeen.every((pid) => !isRunning(pid)), 10_000, () => `simulators ${simulatorsSeen.filter(isRunning).join(', ')} to exit`);

    // 4. Resume to the end.
    const last = startGktProcess(args);
    const { code } = await last.exited;
    const watched = watcher.stop();
    expect(last.stderr()).toMatch(/mended .*: a torn last line cut/);
    expect(code, last.stderr()).toBe(0);
    expect(watched.reads).toBeGreaterThan(0);
    expect(watched.torn).toEqual([]);

    const passFiles = jsonlFiles(runDir, 'teacher');
    const cellFiles = jsonlFiles(runDir, 'cells');
    expect(passFiles).toHaveLength(1);
    expect(cellFiles).toHaveLength(2);
    for (const file of [...passFiles, ...cellFiles]) {
      const text = readFileSync(file, 'utf8');
      expect(text.endsWith('\n'), file).toBe(true);
      const lines = readLines(file);
      expect(lines.length, file).toBe(text.split('\n').length - 1);
      const type = file.includes('/teacher/') ? 'teacher' : 'item';
      const ids = recordsOf(file, type).map((r) => r.item as string).sort();
      expect(ids, file).toEqual(Array.from({ length: ITEMS }, (_, i) => `gsm8k-${i}`).sort());
    }
    expect(readFileSync(torn, 'utf8')).not.toContain('c-torn');

    // The summary covers every item of every cell, and says so in the file too.
    const summary = readFileSync(join(runDir, 'summary.txt'), 'utf8');
    expect(summary.match(/ 8\/8 /g)).toHaveLength(2);
    expect(last.stdout()).toContain('8/8');

    // No lock, no temp file left by any kill; the manifest lists every session, the killed ones as such.
    const files = await listTree(runDir);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files).not.toContain('.lock');
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as { sessions: Array<{ status: string }> };
    expect(manifest.sessions.map((s) => s.status)).toEqual(['killed', 'killed', 'killed', 'completed']);
    await waitFor(() => childPids(last.pid).length === 0, 5000, () => 'the last run to leave no child');
  }, 60_000);
});
