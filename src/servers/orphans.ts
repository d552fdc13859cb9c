// A server gkt launched for a run that was then killed (kill -9): found again by its pid file and taken over.
import { readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { processStartedAt } from '../results/process-start.js';
import { writeJsonAtomic } from '../util/atomic-write.js';

export interface ServerPid {
  pid: number;
  /** Wall-clock start of the process, to tell it from a later process given the same pid. */
  startedAt: number | null;
  command: string;
}

export async function recordPid(path: string, pid: number | undefined, command: string): Promise<void> {
  if (pid === undefined) return;
  await writeJsonAtomic(path, { pid, startedAt: processStartedAt(pid), command } satisfies ServerPid);
}

export async function forgetPid(path: string): Promise<void> {
  await rm(path, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's command line, arguments joined by spaces; empty where the system does not say. */
function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** The server an earlier session of this run launched, if it still runs; null otherwise. */
export async function findOrphan(path: string): Promise<ServerPid | null> {
  let recorded: ServerPid;
  try {
    recorded = JSON.parse(await readFile(path, 'utf8')) as ServerPid;
  } catch {
    return null;
  }
  if (!Number.isInteger(recorded.pid) || !alive(recorded.pid)) return null;
  // Only a process known to be the one launched is ever signalled: same start time (read to 10 ms; a
  // process given the pid since started later), same command. Where either cannot be told, nothing is.
  const startedAt = processStartedAt(recorded.pid);
  if (recorded.startedAt === null || startedAt === null || Math.abs(startedAt - recorded.startedAt) > 50) return null;
  if (!commandLine(recorded.pid).includes(recorded.command)) return null;
  return recorded;
}

/** SIGTERM to its process group, SIGKILL after the grace period; resolves once it is gone. */
export async function stopOrphan(orphan: ServerPid, graceMs = 10_000): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-orphan.pid, name);
    } catch {
      try {
        process.kill(orphan.pid, name);
      } catch {
        // Already gone.
      }
    }
  };
  signal('SIGTERM');
  let deadline = Date.now() + graceMs;
  let killed = false;
  while (alive(orphan.pid)) {
    if (Date.now() > deadline) {
      if (killed) return;
      signal('SIGKILL');
      killed = true;
      deadline = Date.now() + 2000;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
