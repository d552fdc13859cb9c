// Ctrl-C (SIGINT): no new request, in-flight ones finish within the grace period, exit 130; twice: exit at once.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  GSM8K_MINI,
  childPids,
  countRecords,
  isRunning,
  jsonlFiles,
  killLeftovers,
  readLines,
  recordsOf,
  runGkt,
  simulatedModel,
  startGktProcess,
  waitFor,
  workspace,
  type Workspace,
} from './helpers.js';
import { proxy, simulator, type Proxy } from './servers.js';
import type { RunningSimulator } from '../../src/simulate/server.js';

const ITEMS = 8;

/** A pass of two static batches of 4 slow teacher requests (1 to 2 s each), then one quick cell. */
function sweep(models: Record<string, unknown>, graceSeconds: number): Record<string, unknown> {
  return {
    name: 'ctrl-c',
    seed: 1,
    models,
    datasets: [{ name: 'gsm8k', path: GSM8K_MINI, outputLengths: [30] }],
    pairs: [{ teacher: 'teacher', student: 'student' }],
    guidance: [20],
    baselines: { studentAlone: false, teacherAlone: false, teacherAloneBatched: false },
    requests: { timeoutSeconds: 60, graceSeconds },
    cache: false,
  };
}

const TEACHER = { accuracy: 0.75, slots: 4, decodeMsPerToken: 60 };
/** Slower, for the second Ctrl-C to land surely while a batch is in flight. */
const SLOW_TEACHER = { ...TEACHER, decodeMsPerToken: 100 };
const STUDENT = { accuracy: 0.25, slots: 1, decodeMsPerToken: 1 };

function sessions(runDir: string): string[] {
  return (JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as { sessions: Array<{ status: string }> }).sessions.map((s) => s.status);
}

let space: Workspace | null = null;
const closers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  killLeftovers();
  for (const c of closers.splice(0)) await c.close();
  await space?.cleanup();
  space = null;
});

async function attachedModels(): Promise<{ teacher: Proxy; student: Proxy; models: Record<string, unknown> }> {
  const sims: RunningSimulator[] = [await simulator({ model: 'sim-teacher', ...TEACHER }), await simulator({ model: 'sim-student', ...STUDENT })];
  closers.push(...sims);
  const teacher = await proxy(sims[0]!.url);
  const student = await proxy(sims[1]!.url);
  closers.push(teacher, student);
  return {
    teacher,
    student,
    models: {
      teacher: { kind: 'simulated', url: teacher.url, model: 'sim-teacher', batch: 4 },
      student: { kind: 'simulated', url: student.url, model: 'sim-student' },
    },
  };
}

describe('gkt run and Ctrl-C', () => {
  it('stops issuing requests, lets those in flight finish within the grace period, exits 130, and resumes', async () => {
    const { teacher, student, models } = await attachedModels();
    space = await workspace(sweep(models, 20));
    const runDir = space.run('ctrl-c');
    const args = ['run', space.config, '--results', space.results];

    const run = startGktProcess(args);
    // The first static batch is in flight; nothing more is issued until it has finished.
    await run.waitUntil(() => teacher.generations().length === 4, '4 teacher requests');
    run.child.kill('SIGINT');
    const { code } = await run.exited;

    expect(code, run.stderr()).toBe(130);
    expect(run.stderr()).toMatch(/stopping: no new requests; those in flight have 20 s to finish/);
    expect(run.stderr()).toMatch(/gkt: interrupted; everything recorded so far is kept\n\s+run the same command again to resume/);
    expect(teacher.generations()).toHaveLength(4);
    expect(teacher.generations().map((e) => e.outcome)).toEqual(['answered', 'answered', 'answered', 'answered']);
    expect(student.generations()).toHaveLength(0);
    const [passFile] = jsonlFiles(runDir, 'teacher');
    const recorded = recordsOf(passFile!, 'teacher');
    expect(recorded).toHaveLength(4);
    expect(recorded.every((r) => r.error === null)).toBe(true);
    // Flushed: the phase's segment is closed with the count it completed; the lock is let go, the session told.
    expect(readLines(passFile!).at(-1)).toMatchObject({ type: 'segment', event: 'end', items: 4 });
    expect(existsSync(join(runDir, '.lock'))).toBe(false);
    expect(sessions(runDir)).toEqual(['interrupted']);
    expect(readFileSync(join(runDir, 'summary.txt'), 'utf8')).toMatch(/ 0\/8/);
    // The last line says what is missing, not that all is answered.
    expect(readFileSync(join(runDir, 'summary.txt'), 'utf8')).toMatch(/items: 4 of \d+ answered, none failed; \d+ not recorded yet: run the same command again to finish them\n$/);

    const resumed = await runGkt(args);
    expect(resumed.code, resumed.stderr).toBe(0);
    // Only the four items left to do were asked for again.
    expect(teacher.generations()).toHaveLength(ITEMS);
    expect(new Set(recordsOf(passFile!, 'teacher').map((r) => r.item)).size).toBe(ITEMS);
    expect(countRecords(runDir, 'cells')).toBe(ITEMS);
    expect(resumed.stdout).toMatch(/ 8\/8 /);
    expect(resumed.stdout).toMatch(/items: all \d+ answered, none failed\n$/);
    expect(sessions(runDir)).toEqual(['interrupted', 'completed']);
  }, 40_000);

  it('on SIGTERM too, cuts requests that outlast the grace period, leaves their items to do, and exits 143', async () => {
    const { teacher, models } = await attachedModels();
    space = await workspace(sweep(models, 0.3));
    const runDir = space.run('ctrl-c');
    const run = startGktProcess(['run', space.config, '--results', space.results]);
    await run.waitUntil(() => teacher.generations().length === 4, '4 teacher requests');
    run.child.kill('SIGTERM');
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(143);
    expect(run.stderr()).toMatch(/those in flight have 0\.3 s to finish/);
    await waitFor(() => teacher.generations().every((e) => e.outcome !== null), 5000, () => 'the proxy to see the requests end');
    expect(teacher.generations().map((e) => e.outcome)).toEqual(['cut', 'cut', 'cut', 'cut']);
    expect(countRecords(runDir, 'teacher')).toBe(0);
  }, 30_000);

  it('exits at once on a second Ctrl-C, keeps what was recorded, stops its simulators, and resumes', async () => {
    space = await workspace(
      sweep(
        {
          teacher: simulatedModel('sim-teacher', SLOW_TEACHER, { batch: 4 }),
          student: simulatedModel('sim-student', STUDENT),
        },
        30,
      ),
    );
    const runDir = space.run('ctrl-c');
    const args = ['run', space.config, '--results', space.results];
    const run = startGktProcess(args);
    // The first batch is recorded; the second, issued right after it, takes about 2 s more.
    await run.waitUntil(() => countRecords(runDir, 'teacher') === 4, '4 teacher records');
    const simulators = childPids(run.pid);
    expect(simulators).toHaveLength(2);
    run.child.kill('SIGINT');
    await run.waitForStderr(/stopping: no new requests/);
    run.child.kill('SIGINT');
    const { code } = await run.exited;

    expect(code, run.stderr()).toBe(130);
    expect(run.stderr()).toMatch(/quitting at once/);
    // It did not wait for the batch in flight (30 s of grace were left): the four records are all there is.
    expect(countRecords(runDir, 'teacher')).toBe(4);
    await waitFor(() => simulators.every((pid) => !isRunning(pid)), 10_000, () => 'the simulators to exit');

    // Quitting at once left its lock and its session open; the resume takes over both.
    expect(existsSync(join(runDir, '.lock'))).toBe(true);
    const resumed = await runGkt(args);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(sessions(runDir)).toEqual(['killed', 'completed']);
    const [passFile] = jsonlFiles(runDir, 'teacher');
    expect(recordsOf(passFile!, 'teacher').map((r) => r.item).sort()).toEqual(Array.from({ length: ITEMS }, (_, i) => `gsm8k-${i}`).sort());
    expect(countRecords(runDir, 'cells')).toBe(ITEMS);
  }, 40_000);
});
