// One run per results folder: a lock file naming its holder; a holder that died (kill -9) is taken over.
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { GktError } from '../util/errors.js';
import { processStartedAt } from './process-start.js';

export interface LockInfo {
  pid: number;
  host: string;
  started: string;
  /** Tells this holder's lock from a later one by the same pid. */
  token: string;
  /** The scheduler job holding it (`slurm:<job id>`), which another machine can ask the scheduler about. */
  job?: string;
}

export interface Lock {
  release(): Promise<void>;
}

export interface LockSelf {
  pid: number;
  now: () => Date;
  /** The scheduler job this process runs as, written into the lock. */
  job?: string;
  /**
   * Whether a holder's scheduler job still runs: how a lock written on another machine is judged.
   * Answers null when it cannot tell; without it, such a lock is taken as held.
   */
  jobAlive?: (job: string) => boolean | null;
}

/** A process that started this long after the lock was written cannot be the one that wrote it. */
const PID_REUSE_MARGIN_MS = 2000;
/** Tries before giving up; each is quick, and only a crowd of runs taking over one stale lock needs several. */
const ATTEMPTS = 50;
/** The takeover guard is held for milliseconds; one this old was left by a run killed while holding it. */
const GUARD_STALE_MS = 10_000;
/** What link() says on a file system without hard links (FAT, exFAT, some network mounts). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

export async function acquireLock(path: string, self: LockSelf = { pid: process.pid, now: () => new Date() }): Promise<Lock> {
  const info: LockInfo = {
    pid: self.pid,
    host: hostname(),
    started: self.now().toISOString(),
    token: randomBytes(8).toString('hex'),
    ...(self.job !== undefined ? { job: self.job } : {}),
  };
  const content = `${JSON.stringify(info)}\n`;
  // Written whole beside the lock, then linked into place: a reader never sees a lock half-written,
  // and link() fails if a lock exists, so two runs starting together cannot both succeed.
  const candidate = `${path}.${info.token}.candidate`;
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      await writeFile(candidate, content, { flag: 'w' });
      const placed = await place(candidate, path, content);
      if (placed === 'locked') return { release: () => releaseIfOurs(path, info.token) };
      // The run holding the lock has just cleared leftovers, this candidate with them: write it again.
      if (placed === 'candidate gone') continue;
      const held = await readFile(path, 'utf8').catch(() => null);
      if (held === null) continue;
      const holder = parseHolder(held);
      if (holder === null && (await ageMs(path)) < GUARD_STALE_MS) {
        // Only a lock created in place (no hard links) is seen half-written, and only for a moment.
        await pause();
        continue;
      }
      if (holder && isAlive(holder, self)) {
        throw new GktError(`${path}: another gkt run (pid ${holder.pid} on ${holder.host}, since ${holder.started}) is using this results folder`, {
          hint: `wait for it to finish, stop it, or give this run another --run-name (if no such run exists, delete ${path})`,
        });
      }
      await takeOver(path, held);
    }
  } finally {
    await rm(candidate, { force: true });
  }
  throw new GktError(`${path}: could not take the results folder's lock (other runs keep taking it)`);
}

/**
 * Removes a stale lock only if it is still the one judged stale: another run may have taken over and
 * locked since. Takeovers go one at a time (a guard file), so a check and its removal are never split
 * by another run's; the caller then tries to lock again either way.
 */
async function takeOver(path: string, stale: string): Promise<void> {
  const guard = `${path}.takeover`;
  try {
    await (await open(guard, 'wx')).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const info = await stat(guard).catch(() => null);
    if (info !== null && Date.now() - info.mtimeMs > GUARD_STALE_MS) await rm(guard, { force: true });
    // Another run is taking over: let it finish, then look again.
    await pause();
    return;
  }
  try {
    if ((await readFile(path, 'utf8').catch(() => null)) === stale) await rm(path, { force: true });
  } finally {
    await rm(guard, { force: true });
  }
}

/** Puts the lock in place unless one exists: linked whole where the file system allows, else created in place. */
async function place(candidate: string, path: string, content: string): Promise<'locked' | 'exists' | 'candidate gone'> {
  try {
    await link(candidate, path);
    return 'locked';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return 'exists';
    if (code === 'ENOENT') return 'candidate gone';
    if (!NO_HARD_LINKS.has(code)) throw error;
  }
  try {
    const handle = await open(path, 'wx');
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    return 'locked';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    throw error;
  }
}

async function ageMs(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  return info === null ? Infinity : Date.now() - info.mtimeMs;
}

function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
}

async function releaseIfOurs(path: string, token: string): Promise<void> {
  const held = parseHolder((await readFile(path, 'utf8').catch(() => null)) ?? '');
  if (held?.token === token) await rm(path, { force: true });
}

function parseHolder(text: string): LockInfo | null {
  try {
    const info = JSON.parse(text) as LockInfo;
    return typeof info.pid === 'number' && typeof info.host === 'string' && (info.job === undefined || typeof info.job === 'string') ? info : null;
  } catch {
    return null;
  }
}

function isAlive(holder: LockInfo, self: LockSelf): boolean {
  if (holder.host !== hostname()) {
    // A lock from another machine (a shared file system): its scheduler job tells, else treat it as held.
    if (holder.job === undefined || self.jobAlive === undefined) return true;
    // This very job, requeued onto another node: the holder was its earlier start.
    if (holder.job === self.job) return false;
    return self.jobAlive(holder.job) ?? true;
  }
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = processStartedAt(holder.pid);
  const locked = Date.parse(holder.started);
  // The pid is in use, but by a process younger than the lock: the holder died and its pid was reused
  // (a restarted container often gives the new run the very pid of the one that died).
  return started === null || Number.isNaN(locked) || started <= locked + PID_REUSE_MARGIN_MS;
}
