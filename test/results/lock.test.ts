import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/results/lock.js';

const lockPath = async () => join(await mkdtemp(join(tmpdir(), 'gkt-lock-')), '.lock');

describe('acquireLock', () => {
  it('refuses a second holder while the first is alive, and frees on release', async () => {
    const path = await lockPath();
    const first = await acquireLock(path);
    await expect(acquireLock(path)).rejects.toThrow(/another gkt run \(pid \d+ on .*\) is using this results folder/);
    await first.release();
    const second = await acquireLock(path);
    await second.release();
  });

  it('takes over the lock of a process that died (kill -9 leaves it behind)', async () => {
    const path = await lockPath();
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    await writeFile(path, JSON.stringify({ pid: dead, host: hostname(), started: '2026-01-01T00:00:00Z' }));
    const lock = await acquireLock(path);
    expect(JSON.parse(await readFile(path, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('treats a lock from another machine as held', async () => {
    const path = await lockPath();
    await writeFile(path, JSON.stringify({ pid: 1, host: 'some-other-host', started: '2026-01-01T00:00:00Z' }));
    await expect(acquireLock(path)).rejects.toThrow(/some-other-host/);
  });
});
