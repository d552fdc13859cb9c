// `gkt report` over shards merged from two folders, and over a run whose requests failed: denominators stay whole.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSQA, GSM8K, gkt, readCells, readCsv, runSweep, simulatedModel, startTestSimulator, tempDir } from './e2e-helpers.js';
import type { RunningSimulator } from '../../src/simulate/server.js';
import type { CliResult } from './e2e-helpers.js';

let work: Awaited<ReturnType<typeof tempDir>>;
let flaky: RunningSimulator;

const sweep = (name: string, models: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name,
  seed: 1,
  cache: false,
  models,
  datasets: [
    { name: 'gsm8k', path: GSM8K, outputLengths: [160] },
    { name: 'csqa', path: CSQA, outputLengths: [60] },
  ],
  pairs: [{ teacher: 'teacher', student: 'student' }],
  guidance: [10, 40],
  requests: { timeoutSeconds: 30, graceSeconds: 5 },
  ...extra,
});

const SIMULATED = {
  teacher: simulatedModel('sim-teacher-13b', 'SimTeacher-13B', { accuracy: 0.75 }, { batch: 4 }),
  student: simulatedModel('sim-student-7b', 'SimStudent-7B', { accuracy: 0.25 }),
};

async function reportJson(dirs: string[], out: string, extra: string[] = []): Promise<{ cli: CliResult; report: any }> {
  const cli = await gkt(['report', ...dirs, '-f', 'json', '-f', 'csv', '-f', 'terminal', '-o', out, ...extra], { cwd: work.dir });
  return { cli, report: cli.code === 0 ? JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) : null };
}

let full: any;
let merged: { cli: CliResult; report: any };
let first: { cli: CliResult; report: any };
let second: { cli: CliResult; report: any };
let failed: { cli: CliResult; report: any };
let failedDir: string;

beforeAll(async () => {
  work = await tempDir('report-merge');
  flaky = await startTestSimulator({ model: 'sim-flaky', accuracy: 0.3, helpHorizon: 20, faults: { rate: 0.35, kinds: ['500', '503'], seed: 7 } });
  const [a, b, whole] = [
    await runSweep(work.dir, sweep('shardy', SIMULATED), ['--shard', '1/2']),
    await runSweep(work.dir, sweep('shardy', SIMULATED), ['--shard', '2/2']),
    await runSweep(work.dir, sweep('shardy', SIMULATED), ['--run-name', 'shardy-whole']),
  ];
  failedDir = await runSweep(work.dir, sweep('flaky', {
    teacher: SIMULATED.teacher,
    student: { kind: 'simulated', url: flaky.url, model: 'sim-flaky', label: 'FlakyStudent' },
  }, { requests: { attempts: 1, maxErrorRate: 1, allowFailures: 1, timeoutSeconds: 30, graceSeconds: 5 } }));
  full = (await reportJson([whole], join(work.dir, 'out-whole'))).report;
  merged = await reportJson([a, b], join(work.dir, 'out-merged'));
  first = await reportJson([a], join(work.dir, 'out-first'), ['--allow-missing-shards']);
  second = await reportJson([b], join(work.dir, 'out-second'), ['--allow-missing-shards']);
  failed = await reportJson([failedDir], join(work.dir, 'out-failed'));
}, 120_000);

afterAll(async () => {
  await flaky?.close();
  await work?.remove();
});

describe('shards merged by gkt report dirA dirB', () => {
  it('merges the two folders into the cells of the whole run, with every item', () => {
    expect(merged.cli.code).toBe(0);
    expect(merged.report.metrics.map((m: any) => m.id).sort()).toEqual(full.metrics.map((m: any) => m.id).sort());
    for (const m of merged.report.metrics) expect(m.items).toMatchObject({ planned: 8, present: 8, missing: 0, complete: true, duplicates: 0 });
    expect(merged.report.notes[0]).toMatch(/^2 run folders merged/);
    expect(merged.report.warnings).toEqual([]);
  });

  it('gives the accuracies of the unsharded run, under every rule, and the same paired tests', () => {
    const whole = new Map(full.metrics.map((m: any) => [m.id, m]));
    for (const m of merged.report.metrics) {
      const w: any = whole.get(m.id);
      for (const rule of ['reference', 'strict', 'flexible']) expect(m.acc[rule].correct, `${m.label} ${rule}`).toBe(w.acc[rule].correct);
      expect(m.deltaAcc).toBe(w.deltaAcc);
      expect(m.mcnemar).toEqual(w.mcnemar);
    }
  });

  it('adds the shards\' phase times (serial-equivalent) and computes Speed Up from the sums', () => {
    const byId = (r: any) => new Map(r.metrics.map((m: any) => [m.id, m]));
    const [one, two] = [byId(first.report), byId(second.report)];
    for (const m of merged.report.metrics) {
      const a: any = one.get(m.id);
      const b: any = two.get(m.id);
      expect(m.time.student.seconds).toBeCloseTo(a.time.student.seconds + b.time.student.seconds, 9);
      expect(m.time.totalSeconds).toBeCloseTo(a.time.totalSeconds + b.time.totalSeconds, 9);
    }
    const cell = merged.report.metrics.find((m: any) => m.teacher !== null);
    const alone = merged.report.metrics.find((m: any) => m.id === cell.baselines.teacherAlone);
    expect(cell.speedUp).toBeCloseTo(alone.time.totalSeconds / cell.time.totalSeconds, 12);
  });

  it('warns that one shard alone covers only its own items', () => {
    expect(first.report.warnings).toEqual(['run "shardy": shard 2 of 2 was not given: accuracies and times cover only the items of the shards given']);
    expect(first.report.metrics[0].items.planned).toBe(4);
    expect(first.cli.stdout).toContain('warning: run "shardy": shard 2 of 2 was not given');
  });
});

describe('a run with failed requests', () => {
  it('counts failed items as wrong over every planned item, and records them by kind and role', async () => {
    expect(failed.cli.code).toBe(0);
    const cells = await readCells(failedDir);
    const withErrors = failed.report.metrics.filter((m: any) => m.errors.total > 0);
    expect(withErrors.length).toBeGreaterThan(0);
    for (const m of failed.report.metrics) {
      const items = cells.get(m.id)!.items;
      const failures = items.filter((i) => i.error !== null);
      const correct = items.filter((i) => i.error === null && i['answers'].reference.correct).length;
      expect(m.items.planned).toBe(8);
      expect(m.acc.reference.total).toBe(8);
      expect(m.acc.reference.correct).toBe(correct);
      expect(m.errors.total).toBe(failures.length);
      expect(m.errors.byRole.student + m.errors.byRole.teacher).toBe(failures.length);
      expect(Object.values(m.errors.byKind).reduce((s: number, n: any) => s + n, 0)).toBe(failures.length);
      expect(m.items.answered).toBe(8 - failures.length);
    }
  });

  it('marks accuracies with failures and explains the mark', () => {
    expect(failed.cli.stdout).toContain('! some requests failed (counted as wrong)');
    const m = failed.report.metrics.find((x: any) => x.errors.total > 0);
    const table2 = failed.report.tables.find((t: any) => t.id === 'table-2');
    const row = table2.rows.find((r: any) => r.kind === 'data' && r.values.acc.marks.includes('errors'));
    expect(row).toBeDefined();
    expect(m).toBeDefined();
  });

  it('writes the error counts as numbers in cells.csv', async () => {
    const csv = readCsv(await readFile(join(work.dir, 'out-failed', 'csv', 'cells.csv'), 'utf8'));
    for (const row of csv.rows) {
      const m = failed.report.metrics.find((x: any) => x.id === row['Id']);
      expect(Number(row['Errors'])).toBe(m.errors.total);
      expect(Number(row['Student errors'])).toBe(m.errors.byRole.student);
      if (m.errors.total > 0) expect(row['Error kinds']).toMatch(/^\w[\w-]*: \d+/);
    }
  });

  it('pairs GKT with the student alone on the items both have, failed ones counted wrong', () => {
    for (const m of failed.report.metrics.filter((x: any) => x.teacher !== null)) {
      expect(m.mcnemar.n).toBe(8);
      const base = failed.report.metrics.find((x: any) => x.id === m.mcnemar.baseline);
      expect(m.mcnemar.b - m.mcnemar.c).toBe(m.acc.reference.correct - base.acc.reference.correct);
    }
  });
});
