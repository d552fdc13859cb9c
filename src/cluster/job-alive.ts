// Whether a scheduler job still runs, asked of the scheduler: how a run folder's lock left on another node is judged.
import { spawnSync } from 'node:child_process';
import type { SchedulerTask } from '../results/manifest.js';

/** States in which a Slurm job has processes on a node (anything else: pending, or over). */
const ON_A_NODE = new Set(['RUNNING', 'COMPLETING', 'CONFIGURING', 'SUSPENDED', 'STOPPED', 'SIGNALING', 'STAGE_OUT', 'RESIZING']);

/** How the lock names the job a run holds it as. */
export function lockJob(task: SchedulerTask | null): string | undefined {
  return task?.scheduler === 'slurm' && task.job !== null ? `slurm:${task.job}` : undefined;
}

/**
 * true while the job runs, false once Slurm says it is over or no longer knows it, null when it cannot
 * tell (no squeue here, the controller does not answer): a lock is then kept, never taken on a guess.
 */
export function jobAlive(job: string, env: NodeJS.ProcessEnv): boolean | null {
  const match = /^slurm:(\d+)$/.exec(job);
  if (match === null) return null;
  const result = spawnSync('squeue', ['--noheader', '--states=all', `--jobs=${match[1]}`, '--format=%T'], {
    env,
    encoding: 'utf8',
    timeout: 15_000,
  });
  if (result.error !== undefined || result.status === null) return null;
  if (result.status !== 0) return /invalid job id/i.test(result.stderr) ? false : null;
  const states = result.stdout.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  if (states.length === 0) return false;
  return states.some((state) => ON_A_NODE.has(state));
}
