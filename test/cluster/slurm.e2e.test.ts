// The smoke sweep on a real one-node Slurm cluster, as a user runs it: gkt slurm, sbatch, a task cancelled
// and resubmitted, the merged report equal to an unsharded run's, and a missing shard refused.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecords, ROOT, runCli } from '../helpers/cli.js';
import { startSlurmCluster, type SlurmCluster } from './one-node-slurm.js';

const FINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let cluster: SlurmCluster;
let work: string;
let results: string;
let script: string;
/** Job id → state, once each named job has ended. */
let states: Map<string, string>;
let firstReport: string;
let secondReport: string;
let arrays: string[];
let whole: any;
let merged: any;
let pooled: { report: string; results: string; merged: any };

/** State of every job this cluster knows, by job id (array tasks as `<array>_<task>`). */
function jobStates(name?: string): Map<string, string> {
  const out = cluster.run('squeue', ['--noheader', '--states=all', '--format=%i %T', ...(name ? [`--name=${name}`] : [])]);
  return new Map(out.trim().split('\n').filter(Boolean).map((line) => line.trim().split(/\s+/) as [string, string]));
}

async function waitUntil<T>(what: string, timeoutMs: number, probe: () => T | null | undefined | false): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s\n${jobLogs()}\n${cluster.logs()}`);
    await sleep(150);
  }
}

const ended = (ids: string[]) => () => {
  const known = jobStates();
  return ids.every((id) => FINAL.has(known.get(id) ?? '')) ? known : null;
};

function jobLogs(): string {
  const dir = join(results, 'slurm-logs');
  if (!existsSync(dir)) return '(no job logs)';
  return readdirSync(dir).map((name) => `--- ${name}\n${readFileSync(join(dir, name), 'utf8').slice(-3000)}`).join('\n');
}

/** Runs a printed submit line as the user pastes it; sbatch prints the last job's id. */
function submit(line: string): string {
  const result = spawnSync('bash', ['-c', line], { cwd: work, env: cluster.env, encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(`${line}\nexit ${result.status}: ${result.stdout}${result.stderr}`);
  return result.stdout.trim().split(';')[0]!;
}

function hasTeacherRecord(shardDir: string): boolean {
  const dir = join(shardDir, 'teacher');
  if (!existsSync(dir)) return false;
  return readdirSync(dir).some((name) => name.endsWith('.jsonl') && readFileSync(join(dir, name), 'utf8').includes('"type":"teacher"'));
}

beforeAll(async () => {
  cluster = await startSlurmCluster();
  work = await mkdtemp(join(tmpdir(), 'gkt-slurm-run-'));
  results = join(work, 'results');
  script = join(work, 'smoke.sbatch');

  // The unsharded run to compare with, beside the cluster's tasks.
  const reference = runCli(['run', join(ROOT, 'configs', 'smoke.json'), '--results', join(work, 'whole'), '--quiet'], { cwd: work });
  const wrote = await runCli(['slurm', join(ROOT, 'configs', 'smoke.json'), '--shards', '2', '-o', script, '--results', results], { cwd: work });
  if (wrote.code !== 0) throw new Error(`gkt slurm: exit ${wrote.code}\n${wrote.stderr}`);

  firstReport = submit(wrote.stdout.trim());
  // The same sweep as two dependent arrays (teacher, then student) beside it, into its own results folder.
  const pooledResults = join(work, 'pooled');
  const pools = await runCli(['slurm', join(ROOT, 'configs', 'smoke.json'), '--shards', '2', '--pools', '-o', join(work, 'pools.sbatch'), '--results', pooledResults], { cwd: work });
  if (pools.code !== 0) throw new Error(`gkt slurm --pools: exit ${pools.code}\n${pools.stderr}`);
  const pooledReport = submit(pools.stdout.trim());
  const array = await waitUntil('the array job', 10_000, () => [...jobStates('gkt-smoke').keys()].find((id) => /^\d+_1$/.test(id))?.split('_')[0]);
  // Task 2 cancelled once it has recorded something, as a user's scancel would find it.
  await waitUntil('task 2 recording', 60_000, () => hasTeacherRecord(join(results, 'smoke.shard-2-of-2')) || FINAL.has(jobStates().get(`${array}_2`) ?? ''));
  cluster.run('scancel', [`${array}_2`]);
  await waitUntil('the first submission to end', 60_000, ended([`${array}_1`, `${array}_2`, firstReport]));

  // The rerun line the script's header gives, for task 2.
  const rerun = readFileSync(script, 'utf8').split('\n').find((line) => line.startsWith('#   tasks=$(sbatch --parsable --array=I'))!;
  secondReport = submit(rerun.slice('#   '.length).replace('--array=I', '--array=2'));
  const resubmitted = await waitUntil('the resubmitted task', 10_000, () => [...jobStates('gkt-smoke').keys()].find((id) => /^\d+_2$/.test(id) && !id.startsWith(`${array}_`)));
  states = await waitUntil('the resubmission and the pools to end', 80_000, ended([resubmitted, secondReport, pooledReport]));
  arrays = [array, resubmitted.split('_')[0]!];

  const done = await reference;
  if (done.code !== 0) throw new Error(`unsharded run: exit ${done.code}\n${done.stderr}`);
  const out = join(work, 'whole-report');
  const report = await runCli(['report', join(work, 'whole', 'smoke'), '-f', 'json', '-o', out], { cwd: work });
  if (report.code !== 0) throw new Error(`gkt report (unsharded): ${report.stderr}`);
  whole = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  const mergedPath = join(results, 'smoke.report', 'report.json');
  if (!existsSync(mergedPath)) throw new Error(`the report job wrote no report\n${jobLogs()}`);
  merged = JSON.parse(readFileSync(mergedPath, 'utf8'));
  const pooledPath = join(pooledResults, 'smoke.report', 'report.json');
  pooled = { report: pooledReport, results: pooledResults, merged: existsSync(pooledPath) ? JSON.parse(readFileSync(pooledPath, 'utf8')) : null };
}, 115_000);

afterAll(async () => {
  await cluster?.stop();
  if (work) await rm(work, { recursive: true, force: true });
}, 30_000);

describe('gkt slurm on a one-node Slurm cluster', () => {
  it('runs the array, and the report job only once every task has succeeded', () => {
    const [array, again] = arrays;
    expect(states.get(`${array}_1`)).toBe('COMPLETED');
    expect(states.get(`${array}_2`)).toBe('CANCELLED');
    // Its dependency can never be met: the first report job is cancelled, not left pending.
    expect(states.get(firstReport)).toBe('CANCELLED');
    expect(states.get(`${again}_2`)).toBe('COMPLETED');
    expect(states.get(secondReport), jobLogs()).toBe('COMPLETED');
  });

  it('merges the shards into the items and accuracies of the unsharded run', () => {
    const byId = new Map(whole.metrics.map((m: any) => [m.id, m]));
    expect(merged.metrics.map((m: any) => m.id).sort()).toEqual([...byId.keys()].sort());
    for (const m of merged.metrics) {
      const w: any = byId.get(m.id);
      expect(m.items, m.label).toMatchObject({ planned: w.items.planned, present: w.items.planned, missing: 0, complete: true, duplicates: 0 });
      for (const rule of ['reference', 'strict', 'flexible']) expect(m.acc[rule].correct, `${m.label} ${rule}`).toBe(w.acc[rule].correct);
    }
    expect(merged.warnings).toEqual([]);
  });

  it('resumed the cancelled shard: every item recorded once, by two sessions that name their Slurm jobs', async () => {
    const dir = join(results, 'smoke.shard-2-of-2');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const [array, again] = arrays;
    expect(manifest.shard).toEqual({ index: 2, count: 2 });
    expect(manifest.sessions.map((s: any) => s.scheduler?.array)).toEqual([array, again]);
    expect(manifest.sessions.map((s: any) => s.scheduler?.task)).toEqual(['2', '2']);
    expect(manifest.sessions[0].status).toMatch(/interrupted|killed/);
    expect(manifest.sessions[1].status).toBe('completed');
    expect(manifest.scheduler).toMatchObject({ scheduler: 'slurm', array: again, task: '2' });
    const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8'));
    for (const cell of plan.cells) {
      const items = (await readRecords(join(dir, 'cells', `${cell.id}.jsonl`))).filter((r) => r.type === 'item').map((r) => r.item);
      expect(items.sort()).toEqual([...plan.items[cell.dataset.name]].sort());
    }
  });

  it('runs the two-pool arrays: student task i after teacher task i, the merged report equal too', () => {
    expect(states.get(pooled.report), jobLogs()).toBe('COMPLETED');
    const byId = new Map(whole.metrics.map((m: any) => [m.id, m]));
    expect(pooled.merged.metrics).toHaveLength(byId.size);
    for (const m of pooled.merged.metrics) {
      const w: any = byId.get(m.id);
      expect(m.items.present, m.label).toBe(w.items.planned);
      expect(m.acc.reference.correct, m.label).toBe(w.acc.reference.correct);
    }
    for (const i of [1, 2]) {
      const sessions = JSON.parse(readFileSync(join(pooled.results, `smoke.shard-${i}-of-2`, 'manifest.json'), 'utf8')).sessions;
      expect(sessions.map((s: any) => s.argv.at(-1))).toEqual(['teacher', 'student']);
      expect(Date.parse(sessions[1].started)).toBeGreaterThanOrEqual(Date.parse(sessions[0].ended));
    }
  });

  it('refuses a report with a shard missing, and marks it incomplete when allowed', async () => {
    const one = join(results, 'smoke.shard-1-of-2');
    const refused = await runCli(['report', one, '-f', 'json', '-o', join(work, 'one')], { cwd: work });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/run "smoke": shard 2 of 2 is missing/);
    const allowed = await runCli(['report', one, '--allow-missing-shards', '-f', 'json', '-o', join(work, 'one')], { cwd: work });
    expect(allowed.code).toBe(0);
    const report = JSON.parse(readFileSync(join(work, 'one', 'report.json'), 'utf8'));
    expect(report.title).toMatch(/INCOMPLETE/);
    for (const table of report.tables) expect(table.context).toMatch(/INCOMPLETE: missing smoke shard 2 of 2/);
  });
});
