// A server left by a killed run is taken over only when it is surely that server: same start time, same command.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findOrphan, recordPid, stopOrphan } from '../../src/servers/orphans.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gkt-orphans-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(process.platform !== 'linux')('orphans', () => {
  it('finds the recorded server, refuses any other process, and stops it', async () => {
    const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    const path = join(dir, 'model.pid');
    try {
      await recordPid(path, child.pid, 'sleep');
      const orphan = await findOrphan(path);
      expect(orphan?.pid).toBe(child.pid);

      // Another command under that pid, or another start time: not ours to signal.
      const recorded = JSON.parse(await readFile(path, 'utf8'));
      await writeFile(path, JSON.stringify({ ...recorded, command: 'vllm' }));
      expect(await findOrphan(path)).toBeNull();
      await writeFile(path, JSON.stringify({ ...recorded, startedAt: recorded.startedAt - 60_000 }));
      expect(await findOrphan(path)).toBeNull();
      await writeFile(path, JSON.stringify({ ...recorded, startedAt: null }));
      expect(await findOrphan(path)).toBeNull();

      await stopOrphan(orphan!, 2000);
      expect(alive(child.pid!)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('finds nothing without a pid file or once the process is gone', async () => {
    expect(await findOrphan(join(dir, 'none.pid'))).toBeNull();
    const child = spawn('true', [], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    await recordPid(join(dir, 'gone.pid'), child.pid, 'true');
    expect(await findOrphan(join(dir, 'gone.pid'))).toBeNull();
  });
});
