// `gkt report` on a real multi-cell sweep: projections (Table 3), pairs sharing lengths (Tables 4–5), an API teacher (Table 6), every format read back.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/report/manifest.js';
import { CSQA, GSM8K, gkt, markLabels, readCells, readCsv, runSweep, segmentSeconds, simulatedModel, startTestSimulator, tempDir, xmlProblem } from './e2e-helpers.js';
import type { RunningSimulator } from '../../src/simulate/server.js';
import type { CliResult } from './e2e-helpers.js';

let work: Awaited<ReturnType<typeof tempDir>>;
let api: RunningSimulator;
let runDir: string;
let cli: CliResult;
let out: string;
let report: any;

const TABLES = ['table-2', 'table-3', 'table-4', 'table-5', 'table-6', 'guidance', 'paired', 'cost', 'cloud-edge', 'cells'];

beforeAll(async () => {
  work = await tempDir('report-tables');
  api = await startTestSimulator({ model: 'sim-api', accuracy: 0.9, slots: 8 });
  runDir = await runSweep(work.dir, {
    name: 'tables',
    seed: 3,
    cache: false,
    models: {
      big: simulatedModel('sim-big', 'Big-70B', { accuracy: 0.8 }, { batch: 4 }),
      mid: simulatedModel('sim-mid', 'Mid-13B', { accuracy: 0.6 }, { batch: 4 }),
      small: simulatedModel('sim-small', 'Small-7B', { accuracy: 0.25, helpHorizon: 20, slots: 2 }),
      api: { kind: 'openai', url: api.url, model: 'sim-api', label: 'API-Teacher', apiKeyEnv: 'GKT_REPORT_TEST_KEY', batch: 4 },
    },
    datasets: [
      { name: 'gsm8k', path: GSM8K, limit: 6, outputLengths: [160] },
      { name: 'csqa', path: CSQA, limit: 6, outputLengths: [60] },
    ],
    pairs: [
      { teacher: 'mid', student: 'small', projections: ['cutoff', 'concise', 'hint'] },
      { teacher: 'big', student: 'small' },
      { teacher: 'api', student: 'small' },
    ],
    guidance: [10, 20],
    requests: { timeoutSeconds: 30, graceSeconds: 5 },
  }, [], { GKT_REPORT_TEST_KEY: 'test-key-not-secret' });
  const prices = join(work.dir, 'prices.csv');
  await writeFile(prices, 'model,input_per_1k,output_per_1k,gpu_hour\nsim-api,0.0015,0.002,\nsmall,,,2\nmid,,,4\nbig,,,8\n');
  cli = await gkt(['report', runDir, '--prices', prices], { cwd: work.dir });
  out = join(runDir, 'report');
  report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
}, 120_000);

afterAll(async () => {
  await api?.close();
  await work?.remove();
});

describe('gkt report on a sweep with projections, pairs and an API teacher', () => {
  it('prints the tables to the terminal and names what it wrote', () => {
    expect(cli.code).toBe(0);
    for (const title of ['Table 2', 'Table 3', 'Table 4', 'Table 5', 'Table 6', 'Cost', 'Cloud-edge view']) expect(cli.stdout).toContain(title);
    expect(cli.stdout).toContain('SIMULATED');
    // The per-cell table is written to files; the terminal names where to find it.
    expect(cli.stdout).not.toContain('Every cell: all metrics');
    expect(cli.stdout).toContain('Every metric of every cell: --table cells, or csv/cells.csv and report.html.');
    expect(cli.stderr).toMatch(/^gkt: report: \d+ files in .*report \(figures, report\.md, csv, report\.tex, report\.json, report\.html\)\n$/);
  });

  it('writes every table, in plan order, to JSON', () => {
    expect(report.tables.map((t: any) => t.id)).toEqual(TABLES);
    expect(report.metrics).toHaveLength(report.metrics.filter((m: any) => m.items.planned === 6).length);
    expect(report.simulated).toEqual(['Big-70B', 'Mid-13B', 'Small-7B']);
  });

  it('Table 3: the single models, then cutoff, concise and hint at each guidance length, with the instruction', () => {
    const table = report.tables.find((t: any) => t.id === 'table-3');
    const gsm8k = table.rows.filter((r: any) => r.kind === 'data').slice(0, 8);
    expect(gsm8k.map((r: any) => r.values.length.text)).toEqual(['160', '160', '10→160', '10(concise)→160', '10(hint)→160', '20→160', '20(concise)→160', '20(hint)→160']);
    expect(gsm8k[3].values.prompt.text).toBe('"Provide the answer in a brief manner: "');
  });

  it('Tables 4 and 5: the three pairs at each shared length, and Table 5 at the longest guidance', () => {
    const four = report.tables.find((t: any) => t.id === 'table-4');
    expect(four.rows.filter((r: any) => r.kind === 'section').map((r: any) => r.label)).toEqual([
      'GSM8K · Single Model', 'GSM8K · GKT Framework', 'CSQA · Single Model', 'CSQA · GKT Framework',
    ]);
    const five = report.tables.find((t: any) => t.id === 'table-5');
    const rows = five.rows.filter((r: any) => r.kind === 'data').map((r: any) => `${r.values.model.text} ${r.values.length.text}`);
    expect(rows).toEqual([
      'Mid-13B→Small-7B 20→160', 'Big-70B→Small-7B 20→160', 'API-Teacher→Small-7B 20→160',
      'Mid-13B→Small-7B 20→60', 'Big-70B→Small-7B 20→60', 'API-Teacher→Small-7B 20→60',
    ]);
  });

  it('Table 6: the API teacher alone with its average output length, then each guidance length', () => {
    const table = report.tables.find((t: any) => t.id === 'table-6');
    const rows = table.rows.filter((r: any) => r.kind === 'data');
    expect(rows.map((r: any) => `${r.values.model.text} ${r.values.length.text}`)).toEqual([
      'Full API-Teacher 160', 'Small-7B 10→160', 'Small-7B 20→160', 'Full API-Teacher 60', 'Small-7B 10→60', 'Small-7B 20→60',
    ]);
    expect(rows[1].values.teacherTokens.value).toBe(10);
    expect(rows[0].values.teacherTokens.value).toBeGreaterThan(20);
  });

  it('prices the API by its tokens and the students by GPU time, with the claim against the teacher alone', () => {
    const cost = report.costs.find((c: any) => c.claim !== null && c.teacher?.basis === 'tokens');
    expect(cost).toBeDefined();
    expect(cost.student.basis).toBe('gpu-hours');
    expect(cost.claim).toMatch(/^\d+\.\d\d% of the teacher's accuracy at \d+% of its cost$/);
  });

  it('agrees with the records for a GKT cell: ACC, ACC_teacher, Δ, Time and Speed Up', async () => {
    const cells = await readCells(runDir);
    const gkt = report.metrics.find((m: any) => m.label === 'Mid-13B→Small-7B 20→160');
    const alone = (label: string) => [...cells.values()].find((c) => c.cell.label === label)!;
    const mine = cells.get(gkt.id)!;
    const correct = (items: any[], key: 'answers' | 'teacherAnswers') => items.filter((i) => i.error === null && i[key]?.reference.correct).length;
    const pass = (await readFile(join(runDir, 'teacher', `${gkt.teacher.pass}.jsonl`), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const teacherSeconds = segmentSeconds(pass.filter((l) => l.type === 'segment'));
    const time = teacherSeconds + segmentSeconds(mine.segments);
    const studentAlone = alone('Small-7B alone 160');
    const teacherAlone = alone('Mid-13B alone 160');

    expect(gkt.acc.reference.percent).toBeCloseTo((100 * correct(mine.items, 'answers')) / 6, 10);
    expect(gkt.accTeacher.reference.percent).toBeCloseTo((100 * correct(mine.items, 'teacherAnswers')) / 6, 10);
    expect(gkt.deltaAcc).toBeCloseTo((100 * (correct(mine.items, 'answers') - correct(studentAlone.items, 'answers'))) / 6, 10);
    expect(gkt.time.totalSeconds).toBeCloseTo(time, 9);
    expect(gkt.speedUp).toBeCloseTo(segmentSeconds(teacherAlone.segments) / time, 9);

    const csv = readCsv(await readFile(join(out, 'csv', 'table-2.csv'), 'utf8'));
    const row = csv.rows.find((r) => r['Model'] === 'Mid-13B→Small-7B' && r['Output Length'] === '20→160')!;
    expect(Number(row['ACC(%)'])).toBeCloseTo(gkt.acc.reference.percent, 2);
    expect(Number(row['Δ(ACC)'])).toBeCloseTo(gkt.deltaAcc, 2);
    expect(Number(row['Time(s)'])).toBeCloseTo(time, 2);
    expect(Number(row['Speed Up'])).toBeCloseTo(gkt.speedUp, 2);
  });

  it('writes CSV files a CSV parser reads back: the header of each table, numbers that parse', async () => {
    expect((await readdir(join(out, 'csv'))).sort()).toEqual(TABLES.map((t) => `${t}.csv`).sort());
    const table2 = readCsv(await readFile(join(out, 'csv', 'table-2.csv'), 'utf8'));
    expect(table2.header).toEqual([
      'section', 'Model', 'Output Length', 'ACC_teacher(%)', 'ACC(%)', '95% CI low', '95% CI high', 'ACC strict(%)', 'ACC flexible(%)',
      'Δ(ACC)', 'Time(s)', 'Speed Up', 'Speed Up (same batching)', 'marks',
    ]);
    expect(table2.rows).toHaveLength(report.metrics.length);
    for (const row of table2.rows) {
      for (const column of ['ACC(%)', '95% CI low', '95% CI high', 'Time(s)']) expect(Number.isFinite(Number(row[column])), `${column} ${row[column]}`).toBe(true);
      for (const column of ['ACC_teacher(%)', 'Δ(ACC)', 'Speed Up']) expect(row[column] === '' || Number.isFinite(Number(row[column]))).toBe(true);
    }
    const cells = readCsv(await readFile(join(out, 'csv', 'cells.csv'), 'utf8'));
    expect(cells.rows).toHaveLength(report.metrics.length);
    for (const row of cells.rows) expect(Number(row['Items planned'])).toBe(6);
  });

  it('writes LaTeX with booktabs rules per table and escaped specials', async () => {
    const latex = await readFile(join(out, 'report.tex'), 'utf8');
    for (const rule of ['\\toprule', '\\bottomrule']) expect(latex.split('\n').filter((l) => l === rule)).toHaveLength(TABLES.length);
    expect(latex).toContain('ACC\\_teacher(\\%)');
    expect(latex).toContain('Mid-13B$\\rightarrow$Small-7B\\textasciitilde{}');
    expect(latex).toContain('``Provide a brief hint for the question: \'\'');
    expect(latex).not.toMatch(/[^\\]%\)|→|×|Δ|−/);
  });

  it('writes one self-contained HTML page with every table and an inline SVG per figure', async () => {
    const html = await readFile(join(out, 'report.html'), 'utf8');
    for (const id of TABLES) expect(html).toContain(`<section id="${id}">`);
    const figures = (await readdir(join(out, 'figures'))).sort();
    expect(figures).toEqual(['fig-guidance.svg', 'fig-pareto.svg', 'fig-time.svg']);
    expect(html.match(/<svg /g)).toHaveLength(figures.length);
    expect(html).not.toMatch(/\ssrc=/);
    expect(html).not.toMatch(/href="https?:/);
    expect(html).not.toMatch(/<script|<link|@import/);
    expect(html).toContain('Simulated models');
  });

  it('draws SVGs that parse as XML and hold the data points', async () => {
    for (const name of await readdir(join(out, 'figures'))) expect(xmlProblem(await readFile(join(out, 'figures', name), 'utf8')), name).toBeNull();
    const guidance = markLabels(await readFile(join(out, 'figures', 'fig-guidance.svg'), 'utf8'), 'point');
    const gktCells = report.metrics.filter((m: any) => m.teacher !== null);
    // One point per GKT cell, and one N = 0 point (the student alone) per series.
    expect(guidance).toHaveLength(gktCells.length + 10);
    for (const m of gktCells) {
      const series = `${m.teacher.label}→${m.student.label}${m.teacher.projection === 'cutoff' ? '' : ` ${m.teacher.projection}`}`;
      const n = String(m.teacher.guidanceTokens);
      expect(guidance.some((p) => p['series'] === series && p['Guidance length N (teacher tokens)'] === n && p['acc'] === m.acc.reference.percent.toFixed(2)), m.label).toBe(true);
    }
    const bars = markLabels(await readFile(join(out, 'figures', 'fig-time.svg'), 'utf8'), 'bar');
    expect(bars).toHaveLength(gktCells.length * 2 + report.metrics.length - gktCells.length);
    expect(markLabels(await readFile(join(out, 'figures', 'fig-pareto.svg'), 'utf8'), 'point')).toHaveLength(report.metrics.length);
  });

  it('takes the headline rule from --rule: ACC, Δ and the paired test under the strict rule', async () => {
    const strictOut = join(work.dir, 'strict');
    const result = await gkt(['report', runDir, '--rule', 'strict', '-f', 'json', '-o', strictOut], { cwd: work.dir });
    expect(result.code).toBe(0);
    const strict = JSON.parse(await readFile(join(strictOut, 'report.json'), 'utf8'));
    expect(strict.rule).toBe('strict');
    const byId = new Map<string, any>(strict.metrics.map((m: any) => [m.id, m]));
    for (const m of strict.metrics.filter((x: any) => x.teacher !== null)) {
      const alone = byId.get(m.baselines.studentAlone);
      expect(m.deltaAcc).toBeCloseTo(m.acc.strict.percent - alone.acc.strict.percent, 10);
      expect(m.mcnemar.b - m.mcnemar.c).toBe(m.acc.strict.correct - alone.acc.strict.correct);
    }
    const row = strict.tables.find((t: any) => t.id === 'table-2').rows.find((r: any) => r.kind === 'data');
    const single = strict.metrics.find((m: any) => m.teacher === null && m.student.label === row.values.model.text && m.student.batching.kind === 'serial');
    expect(row.values.acc.value).toBe(single.acc.strict.percent);
    expect(Object.keys(row.values)).toContain('acc-reference');
  });

  it('reads the manifest\'s prompts as gkt run writes them: keyed by the exemplar text\'s sha256', async () => {
    const path = join(runDir, 'manifest.json');
    const manifest = parseManifest(await readFile(path, 'utf8'), path);
    const cells = [...(await readCells(runDir)).values()];
    expect(manifest.prompts.map((p) => p.dataset).sort()).toEqual(['csqa', 'gsm8k']);
    for (const prompt of manifest.prompts) {
      expect(cells.some((c) => c.cell.prompt.sha256 === prompt.sha256 && c.cell.dataset.name === prompt.dataset)).toBe(true);
      expect(prompt.file).toMatch(/^prompts\/[0-9a-f]{16}\.txt$/);
    }
    expect(report.metrics.every((m: any) => m.rescore.applied)).toBe(true);
  });
});
