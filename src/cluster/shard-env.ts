// `--shard auto`: which shard this task runs, read from the scheduler's environment (Slurm arrays, Kubernetes Indexed Jobs).
import type { SchedulerTask } from '../results/manifest.js';
import { UsageError } from '../util/errors.js';

interface Shard {
  index: number;
  count: number;
}

/** The environment variable that gives the shard count where the scheduler does not (Kubernetes). */
export const SHARDS_VARIABLE = 'GKT_SHARDS';
/** Set by the Job `gkt k8s` writes, from the pod's `job-name` label. */
export const K8S_JOB_VARIABLE = 'GKT_JOB_NAME';
/** Set by the Job `gkt k8s` writes, from the pod's name. */
export const K8S_POD_VARIABLE = 'GKT_POD_NAME';

/** The Slurm job or Kubernetes Indexed Job pod this process runs in, whatever its shard; null outside both. */
export function schedulerTask(env: NodeJS.ProcessEnv): SchedulerTask | null {
  if (env['SLURM_JOB_ID'] !== undefined || env['SLURM_ARRAY_TASK_ID'] !== undefined) {
    return {
      scheduler: 'slurm',
      job: env['SLURM_JOB_ID'] ?? null,
      array: env['SLURM_ARRAY_JOB_ID'] ?? null,
      task: env['SLURM_ARRAY_TASK_ID'] ?? null,
      pod: null,
    };
  }
  if (env['JOB_COMPLETION_INDEX'] !== undefined) {
    return { scheduler: 'kubernetes', job: env[K8S_JOB_VARIABLE] || null, array: null, task: env['JOB_COMPLETION_INDEX'], pod: env[K8S_POD_VARIABLE] || null };
  }
  return null;
}

const whole = (value: string | undefined): number | null => (value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : null);

/**
 * The shard a scheduler task runs. `shards` (from --shards or GKT_SHARDS) fixes the count: Slurm array
 * task ids are then the shard numbers 1..n themselves, so one task resubmitted alone (`--array=3`) still
 * runs shard 3 of n. Without it, a Slurm array's own range gives the count, whatever its first index.
 */
export function shardFromScheduler(env: NodeJS.ProcessEnv, shards?: number): { shard: Shard; task: SchedulerTask } {
  const given = shards ?? countFromEnv(env);
  if (env['SLURM_ARRAY_TASK_ID'] !== undefined) return slurmShard(env, given);
  if (env['JOB_COMPLETION_INDEX'] !== undefined) return kubernetesShard(env, given);
  const job = env['SLURM_JOB_ID'];
  if (job !== undefined) {
    throw new UsageError(`--shard auto: Slurm job ${job} is not a job array (no SLURM_ARRAY_TASK_ID); submit it with --array=1-N`);
  }
  throw new UsageError(
    '--shard auto: no scheduler gives a shard here: neither SLURM_ARRAY_TASK_ID (a Slurm job array) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set',
  );
}

function countFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env[SHARDS_VARIABLE];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = whole(raw);
  if (n === null || n < 1) throw new UsageError(`${SHARDS_VARIABLE}: expected a whole number above 0, got "${raw}"`);
  return n;
}

function slurmShard(env: NodeJS.ProcessEnv, shards: number | undefined): { shard: Shard; task: SchedulerTask } {
  const read = (name: string): number => {
    const n = whole(env[name]);
    if (n === null) throw new UsageError(`--shard auto: ${name} is ${env[name] === undefined ? 'not set' : `"${env[name]}", not a whole number`} in this Slurm array task`);
    return n;
  };
  const id = read('SLURM_ARRAY_TASK_ID');
  const min = read('SLURM_ARRAY_TASK_MIN');
  const max = read('SLURM_ARRAY_TASK_MAX');
  const step = env['SLURM_ARRAY_TASK_STEP'] === undefined ? 1 : read('SLURM_ARRAY_TASK_STEP');
  const tasks = env['SLURM_ARRAY_TASK_COUNT'] === undefined ? max - min + 1 : read('SLURM_ARRAY_TASK_COUNT');
  const range = `${min}-${max}${step === 1 ? '' : `:${step}`}`;
  if (step !== 1) {
    throw new UsageError(`--shard auto: the Slurm array ${range} has step ${step}; shards need consecutive task ids (e.g. --array=1-${tasks})`);
  }
  if (tasks !== max - min + 1) {
    throw new UsageError(`--shard auto: the Slurm array holds ${tasks} task ids between ${min} and ${max}, not a range; submit consecutive ids (e.g. --array=1-${max - min + 1})`);
  }
  let shard: Shard;
  if (shards === undefined) {
    shard = { index: id - min + 1, count: max - min + 1 };
  } else {
    if (min < 1 || max > shards) {
      throw new UsageError(`--shard auto: with ${shards} shards the Slurm array task ids are the shard numbers 1-${shards}; this array spans ${min}-${max}`);
    }
    shard = { index: id, count: shards };
  }
  return { shard, task: schedulerTask(env)! };
}

function kubernetesShard(env: NodeJS.ProcessEnv, shards: number | undefined): { shard: Shard; task: SchedulerTask } {
  const raw = env['JOB_COMPLETION_INDEX'];
  const index = whole(raw);
  if (index === null) throw new UsageError(`--shard auto: JOB_COMPLETION_INDEX is "${raw}", not a whole number`);
  if (shards === undefined) {
    throw new UsageError(`--shard auto: a Kubernetes Indexed Job does not tell its completions; give --shards N or set ${SHARDS_VARIABLE}=N (the Job's completions)`);
  }
  if (index >= shards) {
    throw new UsageError(`--shard auto: JOB_COMPLETION_INDEX ${index} is past the last of ${shards} shards (indexes 0-${shards - 1})`);
  }
  return { shard: { index: index + 1, count: shards }, task: schedulerTask(env)! };
}
