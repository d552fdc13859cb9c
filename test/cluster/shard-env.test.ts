// `--shard auto`: the shard each scheduler environment stands for, and a one-line refusal for each that stands for none.
import { describe, expect, it } from 'vitest';
import { schedulerTask, shardFromScheduler } from '../../src/cluster/shard-env.js';
import { prepareOptions } from '../../src/sweep/prepare.js';

const slurm = (id: number, min: number, max: number, extra: Record<string, string> = {}) => ({
  SLURM_JOB_ID: String(1000 + id),
  SLURM_ARRAY_JOB_ID: '999',
  SLURM_ARRAY_TASK_ID: String(id),
  SLURM_ARRAY_TASK_MIN: String(min),
  SLURM_ARRAY_TASK_MAX: String(max),
  SLURM_ARRAY_TASK_COUNT: String(max - min + 1),
  SLURM_ARRAY_TASK_STEP: '1',
  ...extra,
});

function refusal(env: NodeJS.ProcessEnv, shards?: number): string {
  try {
    shardFromScheduler(env, shards);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('not refused');
}

describe('a Slurm job array', () => {
  it.each([
    ['1-2, task 1', slurm(1, 1, 2), { index: 1, count: 2 }],
    ['1-2, task 2', slurm(2, 1, 2), { index: 2, count: 2 }],
    ['0-3, task 0 (first index 0)', slurm(0, 0, 3), { index: 1, count: 4 }],
    ['0-3, task 3', slurm(3, 0, 3), { index: 4, count: 4 }],
    ['5-7, task 6', slurm(6, 5, 7), { index: 2, count: 3 }],
  ])('%s', (_, env, shard) => {
    expect(shardFromScheduler(env).shard).toEqual(shard);
  });

  it('records the job, the array and the task', () => {
    expect(shardFromScheduler(slurm(2, 1, 2)).task).toEqual({ scheduler: 'slurm', job: '1002', array: '999', task: '2', pod: null });
  });

  it('refuses a step, naming the array', () => {
    const message = refusal(slurm(3, 1, 5, { SLURM_ARRAY_TASK_STEP: '2', SLURM_ARRAY_TASK_COUNT: '3' }));
    expect(message).toBe('--shard auto: the Slurm array 1-5:2 has step 2; shards need consecutive task ids (e.g. --array=1-3)');
  });

  it('refuses a list of ids that is not a range', () => {
    expect(refusal(slurm(4, 1, 4, { SLURM_ARRAY_TASK_COUNT: '2' }))).toMatch(/holds 2 task ids between 1 and 4, not a range/);
  });

  it('with --shards, takes task ids as shard numbers: one task resubmitted alone runs its own shard', () => {
    expect(shardFromScheduler(slurm(3, 3, 3), 4).shard).toEqual({ index: 3, count: 4 });
    expect(shardFromScheduler(slurm(3, 3, 3)).shard).toEqual({ index: 1, count: 1 });
    expect(shardFromScheduler(slurm(2, 2, 2, { GKT_SHARDS: '2' })).shard).toEqual({ index: 2, count: 2 });
    expect(refusal(slurm(0, 0, 3), 4)).toMatch(/task ids are the shard numbers 1-4; this array spans 0-3/);
  });

  it('refuses a Slurm job that is not an array, and a task id that is not a number', () => {
    expect(refusal({ SLURM_JOB_ID: '77' })).toBe('--shard auto: Slurm job 77 is not a job array (no SLURM_ARRAY_TASK_ID); submit it with --array=1-N');
    expect(refusal(slurm(1, 1, 2, { SLURM_ARRAY_TASK_MIN: 'x' }))).toMatch(/SLURM_ARRAY_TASK_MIN is "x", not a whole number/);
  });
});

describe('a Kubernetes Indexed Job', () => {
  it('counts indexes from 0 and takes the count from --shards or GKT_SHARDS', () => {
    expect(shardFromScheduler({ JOB_COMPLETION_INDEX: '0' }, 3).shard).toEqual({ index: 1, count: 3 });
    expect(shardFromScheduler({ JOB_COMPLETION_INDEX: '2', GKT_SHARDS: '3' }).shard).toEqual({ index: 3, count: 3 });
    expect(shardFromScheduler({ JOB_COMPLETION_INDEX: '1', GKT_SHARDS: '3', GKT_JOB_NAME: 'gkt-smoke', GKT_POD_NAME: 'gkt-smoke-1-x7' }).task).toEqual({
      scheduler: 'kubernetes', job: 'gkt-smoke', array: null, task: '1', pod: 'gkt-smoke-1-x7',
    });
  });

  it('refuses without a count, past the count, and a bad GKT_SHARDS', () => {
    expect(refusal({ JOB_COMPLETION_INDEX: '0' })).toMatch(/does not tell its completions; give --shards N or set GKT_SHARDS=N/);
    expect(refusal({ JOB_COMPLETION_INDEX: '3' }, 3)).toMatch(/JOB_COMPLETION_INDEX 3 is past the last of 3 shards/);
    expect(refusal({ JOB_COMPLETION_INDEX: '0', GKT_SHARDS: 'two' })).toBe('GKT_SHARDS: expected a whole number above 0, got "two"');
  });
});

describe('neither scheduler', () => {
  it('is refused with one line naming both variables', () => {
    const message = refusal({ PATH: '/usr/bin' });
    expect(message).not.toContain('\n');
    expect(message).toMatch(/^--shard auto: .*SLURM_ARRAY_TASK_ID.*JOB_COMPLETION_INDEX/);
  });

  it('is no scheduler task; a plain Slurm job is one, without a task', () => {
    expect(schedulerTask({})).toBeNull();
    expect(schedulerTask({ SLURM_JOB_ID: '5' })).toEqual({ scheduler: 'slurm', job: '5', array: null, task: null, pod: null });
  });
});

describe('the sweep flags', () => {
  it('take the shard and the task from the environment only for --shard auto', () => {
    expect(prepareOptions({ shard: 'auto' }, slurm(2, 1, 2))).toMatchObject({ shard: { index: 2, count: 2 }, scheduler: { job: '1002', task: '2' } });
    expect(prepareOptions({ shard: '1/3' }, slurm(2, 1, 2))).toMatchObject({ shard: { index: 1, count: 3 }, scheduler: { job: '1002' } });
    expect(() => prepareOptions({ shard: '1/3', shards: 3 }, {})).toThrow('--shards 3: only with --shard auto');
  });
});
