// One run per results folder: a second run is refused and writes nothing; a dead or reused holder's lock is taken over.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  GSM8K_MINI,
  countRecords,
  isRunning,
  killLeftovers,
  runGkt,
  snapshot,
  startGktProcess,
  waitFor,
  workspace,
  type Workspace,
} from './helpers.js';
import { proxy, simulator, type Proxy } from './servers.js';

/** A quick sweep on simulators in this process; the teacher's requests go through a proxy that can hold them. */
async function sweep(): Promise<{ config: Record<string, unknown>; teacherProxy: Proxy }> {
  const teacher = await simulator({ model: 'sim-teacher', accuracy: 0.75, slots: 8 });
  const student = await simulator({ model: 'sim-student', accuracy: 0.25 });
  const teacherProxy = await proxy(teacher.url);
  closers.push(teacher, student, teacherProxy);
  const config = {
    name: 'locked',
    seed: 1,
    models: {
      teacher: { kind: 'simulated', url: teacherProxy.url, model: 'sim-teacher', batch: 8 },
      student: { kind: 'simulated', url: student.url, model: 'sim-student' },
    },
    datasets: [{ name: 'gsm8k', path: GSM8K_MINI, outputLengths: [40] }],
    pairs: [{ teacher: 'teacher', student: 'student' }],
    guidance: [20],
    baselines: { studentAlone: false, teacherAlone: false, teacherAloneBatched: false },
    requests: { timeoutSeconds: 30, graceSeconds: 5 },
    cache: false,
  };
  return { config, teacherProxy };
}

let space: Workspace | null = null;
let sleeper: ChildProcess | null = null;
const closers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  killLeftovers();
  sleeper?.kill('SIGKILL');
  sleeper = null;
  for (const c of closers.splice(0)) await c.close();
  await space?.cleanup();
  space = null;
});

/** A live process that is not gkt, to stand as a lock's holder. */
async function startSleeper(): Promise<number> {
  sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  await waitFor(() => sleeper!.pid !== undefined && isRunning(sleeper!.pid), 5000, () => 'the sleeper to start');
  return sleeper.pid!;
}

function writeLock(path: string, pid: number, started: Date): void {
  writeFileSync(path, `${JSON.stringify({ pid, host: hostname(), started: started.toISOString(), token: 'feedfacefeedface' })}\n`);
}

describe('the results folder lock', () => {
  it('refuses a second run while the first runs, then lets a resume take over the lock of the first once killed', async () => {
    const { config, teacherProxy } = await sweep();
    space = await workspace(config);
    const runDir = space.run('locked');
    const args = ['run', space.config, '--results', space.results];

    // The first run stays in its teacher pass (its requests are held) for as long as this test needs.
    teacherProxy.hold();
    const first = startGktProcess(args);
    await first.waitUntil(() => teacherProxy.generations().length > 0, 'the first teacher request');
    const second = await runGkt(args);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`${join(runDir, '.lock')}: another gkt run (pid ${first.pid} on ${hostname()}, since `);
    expect(second.stderr).toMatch(/wait for it to finish, stop it, or give this run another --run-name/);
    expect(second.stderr).not.toMatch(/internal error|\n\s+at /);
    // No summary: the refused run read and printed nothing of the other's records.
    expect(second.stdout).toBe('');

    first.child.kill('SIGKILL');
    await first.exited;
    expect(JSON.parse(readFileSync(join(runDir, '.lock'), 'utf8')).pid).toBe(first.pid);
    teacherProxy.release();

    const third = await runGkt(args);
    expect(third.code, third.stderr).toBe(0);
    expect(existsSync(join(runDir, '.lock'))).toBe(false);
    expect(countRecords(runDir, 'cells')).toBe(8);
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as { sessions: Array<{ status: string }> };
    // The refused run left no session behind.
    expect(manifest.sessions.map((s) => s.status)).toEqual(['killed', 'completed']);
  }, 40_000);

  it('writes nothing at all when refused, and tells a reused pid from a live holder', async () => {
    space = await workspace((await sweep()).config);
    const runDir = space.run('locked');
    const lock = join(runDir, '.lock');
    const args = ['run', space.config, '--results', space.results];
    const pid = await startSleeper();

    // A holder that is alive (its process is older than its lock): refused, and the folder stays as it was.
    mkdirSync(runDir, { recursive: true });
    writeLock(lock, pid, new Date(Date.now() + 1000));
    const before = await snapshot(space.dir);
    const refused = await runGkt(args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`another gkt run (pid ${pid} on ${hostname()}`);
    expect(refused.stdout).toBe('');
    expect(await snapshot(space.dir)).toEqual(before);

    // The same pid, but its process started long after the lock was written: the holder died and the pid was reused.
    writeLock(lock, pid, new Date(Date.now() - 3_600_000));
    const resumed = await runGkt(args);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
    expect(countRecords(runDir, 'teacher')).toBe(8);
  }, 40_000);
});
