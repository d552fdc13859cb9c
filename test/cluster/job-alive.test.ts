// A run folder's lock left on another node by a Slurm job: taken over once squeue says the job is over, kept while it runs or when squeue cannot tell.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobAlive, lockJob } from '../../src/cluster/job-alive.js';
import { acquireLock } from '../../src/results/lock.js';

let dir: string;

/** A stand-in squeue that answers as the real one does for a job in `state` (or for one it no longer knows). */
async function squeue(name: string, state: string): Promise<NodeJS.ProcessEnv> {
  const bin = join(dir, name);
  const body =
    state === 'unknown' ? 'echo "slurm_load_jobs error: Invalid job id specified" >&2; exit 1'
    : state === 'down' ? 'echo "slurm_load_jobs error: Unable to contact slurm controller (connect failure)" >&2; exit 1'
    : `echo "$*" > "${bin}.args"; echo ${state}`;
  await rm(bin, { recursive: true, force: true });
  await mkdir(bin, { recursive: true });
  await writeFile(join(bin, 'squeue'), `#!/bin/sh\n${body}\n`);
  await chmod(join(bin, 'squeue'), 0o755);
  return { PATH: `${bin}:/usr/bin:/bin` };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gkt-job-alive-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('jobAlive', () => {
  it.each([
    ['RUNNING', true],
    ['COMPLETING', true],
    ['COMPLETED', false],
    ['CANCELLED', false],
    ['PENDING', false],
    ['unknown', false],
    ['down', null],
  ] as const)('a job squeue reports %s: %s', async (state, alive) => {
    expect(jobAlive('slurm:42', await squeue(`s-${state}`, state))).toBe(alive);
  });

  it('asks squeue about that job only, and cannot tell without squeue or for another scheduler', async () => {
    const env = await squeue('args', 'RUNNING');
    jobAlive('slurm:42', env);
    expect((await readFile(join(dir, 'args.args'), 'utf8')).trim()).toBe('--noheader --states=all --jobs=42 --format=%T');
    expect(jobAlive('slurm:42', { PATH: dir })).toBeNull();
    expect(jobAlive('kubernetes:x', env)).toBeNull();
  });

  it('names a Slurm job in the lock, and nothing outside one', () => {
    expect(lockJob({ scheduler: 'slurm', job: '77', array: '70', task: '8', pod: null })).toBe('slurm:77');
    expect(lockJob({ scheduler: 'kubernetes', job: 'j', array: null, task: '0', pod: 'p' })).toBeUndefined();
    expect(lockJob(null)).toBeUndefined();
  });
});

describe('a lock another node left', () => {
  const stale = async (job: string) => {
    const path = join(dir, `${job.replace(':', '-')}-${Math.random().toString(36).slice(2)}.lock`);
    await writeFile(path, `${JSON.stringify({ pid: 1, host: 'node-elsewhere', started: new Date().toISOString(), token: 'aaaa', job })}\n`);
    return path;
  };
  const self = (alive: boolean | null, job?: string) => ({ pid: process.pid, now: () => new Date(), ...(job ? { job } : {}), jobAlive: () => alive });

  it('is taken over once its job is over', async () => {
    const path = await stale('slurm:41');
    const lock = await acquireLock(path, self(false, 'slurm:50'));
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ pid: process.pid, job: 'slurm:50' });
    await lock.release();
  });

  it('is kept while its job runs, or when the scheduler cannot tell', async () => {
    for (const alive of [true, null]) {
      const path = await stale('slurm:41');
      await expect(acquireLock(path, self(alive, 'slurm:50'))).rejects.toThrow(/another gkt run \(pid 1 on node-elsewhere/);
    }
  });

  it('is taken over by the same job requeued onto another node', async () => {
    const path = await stale('slurm:41');
    const lock = await acquireLock(path, self(true, 'slurm:41'));
    await lock.release();
  });
});
