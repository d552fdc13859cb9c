// `gkt slurm` as a user calls it: the script it writes, checked by bash and run with a stand-in for gkt.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const SMOKE = join(ROOT, 'configs', 'smoke.json');
/** Prints each word gkt would be given on its own line: what the script hands to gkt, exactly. */
const ECHO_GKT = `printf '%s\\n'`;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gkt-slurm-cmd-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function slurm(args: string[]) {
  return runCli(['slurm', ...args], { cwd: work });
}

function bash(args: string[], env: Record<string, string> = {}) {
  return spawnSync('bash', args, { cwd: work, env: { PATH: process.env['PATH'] ?? '', ...env }, encoding: 'utf8' });
}

describe('gkt slurm configs/smoke.json --shards 2 -o FILE', () => {
  let script: string;
  let text: string;
  let printed: string;

  beforeAll(async () => {
    script = join(work, 'smoke.sbatch');
    const result = await slurm([SMOKE, '--shards', '2', '-o', script, '--results', 'res', '--limit', '6', '--gkt', ECHO_GKT]);
    expect(result.code, result.stderr).toBe(0);
    printed = result.stdout;
    text = readFileSync(script, 'utf8');
  });

  it('writes a bash script that bash reads without error, with the array and its log folder made', () => {
    expect(text.startsWith('#!/bin/bash\n')).toBe(true);
    expect(bash(['-n', script]).status).toBe(0);
    expect(text).toContain('#SBATCH --array=1-2\n');
    expect(text).toContain('#SBATCH --job-name=gkt-smoke\n');
    expect(text).toContain(`#SBATCH --output=${join(work, 'res', 'slurm-logs')}/%x-%A_%a.out\n`);
    expect(existsSync(join(work, 'res', 'slurm-logs'))).toBe(true);
    // Simulated servers listen on ports of their own choosing: tasks may share a node.
    expect(text).not.toContain('--exclusive');
  });

  it('prints the submit line: the array, then the report after every task succeeded', () => {
    expect(printed.trim()).toBe(
      `tasks=$(sbatch --parsable ${script}) && sbatch --parsable --job-name=gkt-smoke-report --output=${join(work, 'res', 'slurm-logs')}/%x-%j.out ` +
        `--kill-on-invalid-dep=yes --time=01:00:00 --dependency=afterok:\${tasks%%;*} --wrap="bash \\"${script}\\" report"`,
    );
  });

  it('runs gkt run --shard auto on the task\'s shard with the selection given', () => {
    const run = bash([script], { SLURM_ARRAY_TASK_ID: '2' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual(['run', SMOKE, '--results', join(work, 'res'), '--shard', 'auto', '--shards', '2', '--limit', '6']);
  });

  it('runs gkt report over every shard folder when called as the report', () => {
    const report = bash([script, 'report']);
    expect(report.status, report.stderr).toBe(0);
    expect(report.stdout.trim().split('\n')).toEqual([
      'report', join(work, 'res', 'smoke.shard-1-of-2'), join(work, 'res', 'smoke.shard-2-of-2'), '--out', join(work, 'res', 'smoke.report'),
    ]);
    expect(bash([script, 'bogus']).status).toBe(2);
  });

  it('says in its header how to rerun one task', () => {
    expect(text).toMatch(/^# {3}tasks=\$\(sbatch --parsable --array=I .* --dependency=afterok:\$\{tasks%%;\*\} .*report"$/m);
  });
});

describe('gkt slurm options', () => {
  it('passes resources, extra #SBATCH lines and setup lines through', async () => {
    const result = await slurm([
      SMOKE, '--shards', '3', '-o', 'r.sbatch', '--partition', 'gpu', '--account', 'lab', '--time', '12:00:00', '--gpus-per-task', 'a100:2',
      '--cpus-per-task', '8', '--mem', '64G', '--sbatch', '--constraint=h100', '--sbatch', '#SBATCH --qos=high', '--setup', 'module load cuda/12.4',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(join(work, 'r.sbatch'), 'utf8');
    for (const line of ['--array=1-3', '--partition=gpu', '--account=lab', '--time=12:00:00', '--gpus-per-task=a100:2', '--cpus-per-task=8', '--mem=64G', '--constraint=h100', '--qos=high']) {
      expect(text).toContain(`#SBATCH ${line}\n`);
    }
    expect(text).toContain('\nmodule load cuda/12.4\n');
    expect(result.stdout).toContain('--partition=gpu --account=lab --time=01:00:00');
  });

  it('gives each task its node when the config launches servers on fixed ports', async () => {
    const config = JSON.parse(readFileSync(SMOKE, 'utf8'));
    config.datasets = config.datasets.map((d: any) => ({ ...d, path: join(ROOT, 'datasets', 'fixtures', d.path.split('/').pop()) }));
    config.models['sim-student'] = { kind: 'vllm', model: 'm', url: 'http://127.0.0.1:8001/v1', launch: { command: 'vllm', args: ['serve', 'm', '--port', '8001'] } };
    await writeFile(join(work, 'vllm.json'), JSON.stringify(config));
    const exclusive = await slurm([join(work, 'vllm.json'), '--shards', '2', '-o', 'v.sbatch']);
    expect(exclusive.code, exclusive.stderr).toBe(0);
    expect(exclusive.stderr).toContain('sim-student is launched on fixed ports: each task gets its node to itself');
    expect(readFileSync(join(work, 'v.sbatch'), 'utf8')).toContain('#SBATCH --exclusive\n');
    const shared = await slurm([join(work, 'vllm.json'), '--shards', '2', '-o', 'v2.sbatch', '--share-nodes']);
    expect(readFileSync(join(work, 'v2.sbatch'), 'utf8')).not.toContain('--exclusive');
    expect(shared.code).toBe(0);
  });

  it('warns of a loopback server no launch starts: on a compute node it is the node itself', async () => {
    const config = JSON.parse(readFileSync(SMOKE, 'utf8'));
    config.datasets = config.datasets.map((d: any) => ({ ...d, path: join(ROOT, 'datasets', 'fixtures', d.path.split('/').pop()) }));
    config.models['sim-student'] = { kind: 'vllm', model: 'm', url: 'http://localhost:8001/v1' };
    await writeFile(join(work, 'attached.json'), JSON.stringify(config));
    const result = await slurm([join(work, 'attached.json'), '--shards', '2', '-o', 'a.sbatch']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('gkt: warning: sim-student: http://localhost:8001/v1 is the compute node itself there');
  });

  it('writes two arrays on two pools with --pools: student task i after teacher task i, then the report', async () => {
    const result = await slurm([SMOKE, '--shards', '2', '-o', 'p.sbatch', '--pools', '--teacher-partition', 'big', '--teacher-gpus-per-task', '8', '--student-partition', 'small', '--gkt', ECHO_GKT]);
    expect(result.code, result.stderr).toBe(0);
    const line = result.stdout.trim();
    expect(line).toMatch(/^teacher=\$\(sbatch --parsable --job-name=gkt-smoke-teacher --partition=big --gpus-per-task=8 \S+p\.sbatch teacher\) && /);
    expect(line).toMatch(/students=\$\(sbatch --parsable --job-name=gkt-smoke-student --partition=small --dependency=aftercorr:\$\{teacher%%;\*\} --kill-on-invalid-dep=yes \S+ student\) && /);
    expect(line).toMatch(/--dependency=afterok:\$\{students%%;\*\} --wrap=.*report"$/);
    const path = join(work, 'p.sbatch');
    expect(bash([path, 'teacher'], { SLURM_ARRAY_TASK_ID: '1' }).stdout).toContain('--pool\nteacher\n');
    expect(bash([path, 'student'], { SLURM_ARRAY_TASK_ID: '1' }).stdout).toContain('--pool\nstudent\n');
    expect(bash([path]).status).toBe(2);
  });

  it('writes the script to standard output without -o, the submit line naming $script', async () => {
    const result = await slurm([SMOKE, '--shards', '2']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^#!\/bin\/bash\n/);
    expect(result.stderr).toContain('script=<the file it is saved in>');
    expect(result.stderr).toContain('tasks=$(sbatch --parsable "$script")');
    expect(result.stderr).toContain('--wrap="bash \\"$script\\" report"');
  });

  it.each([
    ['more shards than items', [SMOKE, '--shards', '9'], '--shards 9: gsm8k has 8 selected items, fewer than the shards'],
    ['a pool flag without --pools', [SMOKE, '--shards', '2', '--teacher-partition', 'x'], '--teacher-partition: only with --pools'],
    ['no --shards', [SMOKE], "required option '--shards <n>' not specified"],
  ])('refuses %s', async (_, args, message) => {
    const result = await slurm(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('gkt run --shard auto', () => {
  it('is refused with one line where no scheduler gives a shard, before anything is written', async () => {
    const result = await runCli(['run', SMOKE, '--shard', 'auto', '--results', join(work, 'none')], {
      cwd: work,
      env: { SLURM_JOB_ID: undefined, SLURM_ARRAY_TASK_ID: undefined, JOB_COMPLETION_INDEX: undefined },
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^gkt: --shard auto: no scheduler gives a shard here/)]);
    expect(existsSync(join(work, 'none'))).toBe(false);
  });
});
