// One run per results folder: a lock file naming its holder; a holder that died (kill -9) is taken over.
import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { GktError } from '../util/errors.js';

interface LockInfo {
  pid: number;
  host: string;
  started: string;
}

export interface Lock {
  release(): Promise<void>;
}

export async function acquireLock(path: string, self: { pid: number; now: () => Date } = { pid: process.pid, now: () => new Date() }): Promise<Lock> {
  const info: LockInfo = { pid: self.pid, host: hostname(), started: self.now().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${JSON.stringify(info)}\n`);
      await handle.close();
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await readHolder(path);
      if (holder && isAlive(holder)) {
        throw new GktError(`${path}: another gkt run (pid ${holder.pid} on ${holder.host}, since ${holder.started}) is using this results folder`, {
          hint: 'wait for it to finish, stop it, or give this run another --run-name',
        });
      }
      // The holder is gone: its lock is stale.
      await rm(path, { force: true });
    }
  }
  throw new GktError(`${path}: could not take the results folder's lock`);
}

async function readHolder(path: string): Promise<LockInfo | null> {
  try {
    const info = JSON.parse(await readFile(path, 'utf8')) as LockInfo;
    return typeof info.pid === 'number' ? info : null;
  } catch {
    return null;
  }
}

function isAlive(holder: LockInfo): boolean {
  // A lock from another machine (a shared file system) cannot be checked: treat it as held.
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
