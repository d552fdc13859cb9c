// --pool: a shard's teacher passes and its student cells run as two jobs sharing the shard's folder, and
// together record what one run records.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSQA, GSM8K, gkt, simulatedModel, tempDir, writeJson } from '../report/e2e-helpers.js';
import type { CliResult } from '../helpers/cli.js';

let work: Awaited<ReturnType<typeof tempDir>>;
let config: string;
let studentFirst: CliResult;
let teacher: CliResult;
let student: CliResult;
let again: CliResult;

const run = (args: string[]) => gkt(['run', config, '--results', join(work.dir, 'results'), '--quiet', ...args], { cwd: work.dir });
const manifest = (dir: string) => JSON.parse(readFileSync(join(work.dir, 'results', dir, 'manifest.json'), 'utf8'));

beforeAll(async () => {
  work = await tempDir('pools');
  config = await writeJson(join(work.dir, 'pools.json'), {
    name: 'pools',
    seed: 1,
    cache: false,
    models: {
      teacher: simulatedModel('sim-teacher-13b', 'SimTeacher-13B', { accuracy: 0.75 }, { batch: 4 }),
      student: simulatedModel('sim-student-7b', 'SimStudent-7B', { accuracy: 0.25 }),
    },
    datasets: [
      { name: 'gsm8k', path: GSM8K, outputLengths: [80] },
      { name: 'csqa', path: CSQA, outputLengths: [40] },
    ],
    pairs: [{ teacher: 'teacher', student: 'student' }],
    guidance: [10, 20],
  });
  studentFirst = await run(['--shard', '1/2', '--pool', 'student']);
  teacher = await run(['--shard', '1/2', '--pool', 'teacher']);
  student = await run(['--shard', '1/2', '--pool', 'student']);
  again = await run(['--shard', '1/2', '--pool', 'teacher']);
  for (const args of [['--shard', '2/2'], ['--run-name', 'whole']]) {
    const result = await run(args);
    if (result.code !== 0) throw new Error(result.stderr);
  }
}, 120_000);

afterAll(async () => {
  await work?.remove();
});

describe('gkt run --pool', () => {
  it('refuses the student pool before its teacher pool has recorded the guidance, naming the pass', () => {
    expect(studentFirst.code).toBe(1);
    expect(studentFirst.stderr).toMatch(/--pool student: .*pools\.shard-1-of-2: teacher pass \S+ \(teacher, gsm8k, 20 tokens\) has 0 of 4 items/);
    expect(studentFirst.stderr).toContain('run it first (the same command with --pool teacher)');
  });

  it('starts only its own pool\'s servers', () => {
    expect(teacher.code, teacher.stderr).toBe(0);
    expect(student.code, student.stderr).toBe(0);
    const [first, second] = manifest('pools.shard-1-of-2').sessions.map((s: any) => s.argv.join(' '));
    expect(first).toMatch(/--pool student$/);
    expect(second).toMatch(/--pool teacher$/);
    expect(teacher.stderr).not.toMatch(/student/i);
    expect(again.stderr).toMatch(/0 requests made/);
  });

  it('records with both pools what one run records', async () => {
    const out = join(work.dir, 'report');
    const merged = await gkt(['report', join(work.dir, 'results', 'pools.shard-1-of-2'), join(work.dir, 'results', 'pools.shard-2-of-2'), '-f', 'json', '-o', out], { cwd: work.dir });
    expect(merged.code, merged.stderr).toBe(0);
    const whole = await gkt(['report', join(work.dir, 'results', 'whole'), '-f', 'json', '-o', `${out}-whole`], { cwd: work.dir });
    expect(whole.code, whole.stderr).toBe(0);
    const [a, b] = [JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')), JSON.parse(readFileSync(join(`${out}-whole`, 'report.json'), 'utf8'))];
    const byId = new Map(b.metrics.map((m: any) => [m.id, m]));
    expect(a.metrics).toHaveLength(b.metrics.length);
    for (const m of a.metrics) {
      const w: any = byId.get(m.id);
      expect(m.items).toMatchObject({ planned: w.items.planned, present: w.items.planned, complete: true, duplicates: 0 });
      expect(m.acc.reference.correct, m.label).toBe(w.acc.reference.correct);
      expect(m.errors.total).toBe(0);
    }
  });
});
