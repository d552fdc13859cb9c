// Two runs reported together: each GKT cell is compared with its own run's baselines, and runs that
// decode differently are never pooled as repeats of one configuration.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GSM8K, gkt, runSweep, simulatedModel, tempDir } from './e2e-helpers.js';

let work: Awaited<ReturnType<typeof tempDir>>;
let report: any;
let greedyPlan: any;
let sampledPlan: any;

const sweep = (name: string, sampling: unknown) => ({
  name,
  seed: 1,
  cache: false,
  models: {
    teacher: simulatedModel('sim-teacher-13b', 'SimTeacher-13B', { accuracy: 0.75 }, { batch: 4 }),
    student: simulatedModel('sim-student-7b', 'SimStudent-7B', { accuracy: 0.25 }),
  },
  datasets: [{ name: 'gsm8k', path: GSM8K, outputLengths: [80] }],
  pairs: [{ teacher: 'teacher', student: 'student' }],
  guidance: [20],
  sampling: { teacher: sampling, student: sampling, baseline: sampling },
});

beforeAll(async () => {
  work = await tempDir('gkt-two-runs-');
  const greedy = await runSweep(work.dir, sweep('greedy', 'greedy'));
  const sampled = await runSweep(work.dir, sweep('sampled', { temperature: 0.8, topP: 0.95 }));
  greedyPlan = JSON.parse(await readFile(join(greedy, 'plan.json'), 'utf8'));
  sampledPlan = JSON.parse(await readFile(join(sampled, 'plan.json'), 'utf8'));
  const out = join(work.dir, 'report');
  const cli = await gkt(['report', greedy, sampled, '-f', 'json', '-o', out], { cwd: work.dir });
  expect(cli.code).toBe(0);
  report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
}, 120_000);

afterAll(async () => {
  await work.remove();
});

describe('gkt report over a greedy run and a sampled run', () => {
  it("takes every GKT cell's baselines from its own run", () => {
    for (const plan of [greedyPlan, sampledPlan]) {
      const own = new Set(plan.cells.map((c: { id: string }) => c.id));
      const gkt = plan.cells.filter((c: { kind: string }) => c.kind === 'gkt');
      expect(gkt).toHaveLength(1);
      const metrics = report.metrics.find((m: { id: string }) => m.id === gkt[0].id);
      for (const id of Object.values(metrics.baselines)) expect(own.has(id)).toBe(true);
      expect(own.has(metrics.mcnemar.baseline)).toBe(true);
    }
  });

  it('keeps the two decodings apart: no row pools them as repeats', () => {
    const table = report.tables.find((t: { id: string }) => t.id === 'table-2');
    const lengths = table.rows.filter((r: { kind: string }) => r.kind === 'data').map((r: any) => r.values.length.text);
    expect(lengths.some((text: string) => /n=2/.test(text))).toBe(false);
    expect(lengths.filter((text: string) => text === '20→80')).toHaveLength(2);
  });
});
