// `gkt report` on shots and repeats (Fig. 5, mean ± sd), re-extraction from stored texts, and refusals of bad input.
import { cp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleSd } from '../../src/report/statistics.js';
import { CSQA, GSM8K, gkt, markLabels, readCsv, readJsonl, runSweep, simulatedModel, tempDir, xmlProblem } from './e2e-helpers.js';
import type { CliResult } from './e2e-helpers.js';

let work: Awaited<ReturnType<typeof tempDir>>;
let runDir: string;
let cli: CliResult;
let report: any;

beforeAll(async () => {
  work = await tempDir('report-sweeps');
  runDir = await runSweep(work.dir, {
    name: 'sweeps',
    seed: 11,
    repeats: 2,
    cache: false,
    models: {
      teacher: simulatedModel('sim-teacher', 'SimTeacher-13B', { accuracy: 0.8 }, { batch: 4 }),
      student: simulatedModel('sim-student', 'SimStudent-7B', { accuracy: 0.3, helpHorizon: 20, slots: 2 }),
    },
    datasets: [
      { name: 'gsm8k', path: GSM8K, limit: 4, outputLengths: [160], shots: [2, 4, 8] },
      { name: 'csqa', path: CSQA, limit: 4, outputLengths: [60], shots: [2, 4, 7] },
    ],
    pairs: [{ teacher: 'teacher', student: 'student' }],
    guidance: [20],
    baselines: { teacherAloneBatched: false },
    requests: { timeoutSeconds: 30, graceSeconds: 5 },
  });
  cli = await gkt(['report', runDir, '-f', 'json', '-f', 'csv', '-f', 'svg', '-f', 'markdown'], { cwd: work.dir });
  report = JSON.parse(await readFile(join(runDir, 'report', 'report.json'), 'utf8'));
}, 120_000);

afterAll(async () => {
  await work?.remove();
});

const table = (r: any, id: string) => r.tables.find((t: any) => t.id === id);
const dataRows = (t: any) => t.rows.filter((r: any) => r.kind === 'data');

describe('shots and repeats', () => {
  it('reports every cell and writes nothing to the terminal when not asked', () => {
    expect(cli.code).toBe(0);
    expect(cli.stdout).toBe('');
    expect(report.metrics).toHaveLength(36);
  });

  it('the shots table: ACC per number of exemplars for each configuration, mean ± sd over repeats', () => {
    const shots = table(report, 'shots');
    expect(shots.columns.map((c: any) => c.header)).toEqual(['Model', 'Output Length', '2-shot', '4-shot', '7-shot', '8-shot']);
    const rows = dataRows(shots);
    expect(rows).toHaveLength(6);
    const gsm8k = rows[0].values;
    expect(gsm8k['shots-7']).toBeUndefined();
    for (const k of [2, 4, 8]) {
      const members = report.metrics.filter((m: any) => m.dataset === 'gsm8k' && m.teacher !== null && m.shots === k);
      expect(members).toHaveLength(2);
      const accs = members.map((m: any) => m.acc.reference.percent);
      expect(gsm8k[`shots-${k}`].value).toBeCloseTo((accs[0] + accs[1]) / 2, 10);
      expect(gsm8k[`shots-${k}`].sd).toBeCloseTo(sampleSd(accs)!, 10);
    }
  });

  it('the repeats table: one row per configuration with n = 2, mean ± sd of ACC and time', () => {
    const rows = dataRows(table(report, 'repeats'));
    expect(rows).toHaveLength(18);
    for (const row of rows) expect(row.values.n.value).toBe(2);
    const times = report.metrics.filter((m: any) => m.dataset === 'csqa' && m.teacher !== null && m.shots === 7).map((m: any) => m.time.totalSeconds);
    const row = rows.find((r: any) => r.values.cell.text.startsWith('csqa SimTeacher-13B→SimStudent-7B 20→60 7-shot'));
    expect(row.values.time.value).toBeCloseTo((times[0] + times[1]) / 2, 10);
    expect(row.values.time.sd).toBeCloseTo(sampleSd(times)!, 10);
  });

  it('Table 2 pools repeats of the main prompt, marks them n=2, and writes the sd in its own CSV column', async () => {
    const rows = dataRows(table(report, 'table-2'));
    expect(rows.map((r: any) => r.values.length.text)).toEqual(['160 (n=2)', '160 (n=2)', '20→160 (n=2)', '60 (n=2)', '60 (n=2)', '20→60 (n=2)']);
    expect(table(report, 'table-2').notes).toEqual([
      'GSM8K: cells with other prompts (2, 4 shots) are in the shots and per-cell tables.',
      'CSQA: cells with other prompts (2, 4 shots) are in the shots and per-cell tables.',
    ]);
    const csv = readCsv(await readFile(join(runDir, 'report', 'csv', 'table-2.csv'), 'utf8'));
    expect(csv.header).toContain('ACC(%) sd');
    expect(csv.header).not.toContain('Speed Up (same batching)');
    for (const row of csv.rows) expect(Number.isFinite(Number(row['ACC(%) sd']))).toBe(true);
  });

  it('draws Fig. 5 with a point per configuration and number of shots, and links each figure from the Markdown', async () => {
    const svg = await readFile(join(runDir, 'report', 'figures', 'fig-shots.svg'), 'utf8');
    expect(xmlProblem(svg)).toBeNull();
    const points = markLabels(svg, 'point');
    expect(points).toHaveLength(18);
    expect(new Set(points.map((p) => p['Exemplars (shots)']))).toEqual(new Set(['2', '4', '7', '8']));
    const markdown = await readFile(join(runDir, 'report', 'report.md'), 'utf8');
    for (const name of await readdir(join(runDir, 'report', 'figures'))) expect(markdown).toContain(`](figures/${name})`);
  });
});

describe('re-extraction from the stored texts', () => {
  async function copyRun(name: string): Promise<string> {
    const dir = join(work.dir, name);
    await cp(runDir, dir, { recursive: true });
    await rm(join(dir, 'report'), { recursive: true, force: true });
    return dir;
  }

  /** Rewrites the stored answers of one cell's records, as an older or different rule would have left them. */
  async function rewrite(dir: string, cellId: string, change: (answers: any) => void): Promise<void> {
    const path = join(dir, 'cells', `${cellId}.jsonl`);
    const lines = await readJsonl(path);
    for (const line of lines) if (line.type === 'item') change(line['answers']);
    await writeFile(path, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  }

  it('scores every rule again, so a changed or missing stored answer changes no accuracy', async () => {
    const dir = await copyRun('rescored');
    const cell = report.metrics.find((m: any) => m.teacher !== null && m.dataset === 'gsm8k');
    await rewrite(dir, cell.id, (answers) => {
      answers.strict = { ...answers.strict, answer: 'stale', correct: false };
      delete answers.flexible;
    });
    const result = await gkt(['report', dir, '-f', 'json'], { cwd: work.dir });
    expect(result.code).toBe(0);
    const again = JSON.parse(await readFile(join(dir, 'report', 'report.json'), 'utf8')).metrics.find((m: any) => m.id === cell.id);
    expect(again.acc).toEqual(cell.acc);
    expect(again.rescore).toMatchObject({ applied: true, changed: { reference: 0, strict: 4, flexible: 4 } });
    expect(cell.rescore.changed).toEqual({ reference: 0, strict: 0, flexible: 0, boxed: 0, '####': 0, 'lm-eval-strict': 0, 'lm-eval-flexible': 0 });
  });

  it('does not count the newer rules as changed in records written before they existed', async () => {
    const dir = await copyRun('older-records');
    const cell = report.metrics.find((m: any) => m.teacher !== null && m.dataset === 'gsm8k');
    await rewrite(dir, cell.id, (answers) => {
      for (const rule of ['boxed', '####', 'lm-eval-strict', 'lm-eval-flexible']) delete answers[rule];
    });
    const result = await gkt(['report', dir, '-f', 'json'], { cwd: work.dir });
    expect(result.code).toBe(0);
    const again = JSON.parse(await readFile(join(dir, 'report', 'report.json'), 'utf8')).metrics.find((m: any) => m.id === cell.id);
    expect(again.acc).toEqual(cell.acc);
    expect(again.rescore.changed).toEqual(cell.rescore.changed);
  });

  it('falls back to the stored answers, and says so, when the prompt files are gone', async () => {
    const dir = await copyRun('no-prompts');
    await rm(join(dir, 'prompts'), { recursive: true });
    const result = await gkt(['report', dir, '-f', 'json', '-f', 'terminal', '--table', 'cells'], { cwd: work.dir });
    expect(result.code).toBe(0);
    const again = JSON.parse(await readFile(join(dir, 'report', 'report.json'), 'utf8'));
    expect(again.metrics.every((m: any) => !m.rescore.applied)).toBe(true);
    expect(again.warnings).toHaveLength(36);
    expect(again.warnings[0]).toMatch(/no prompt file in the run folder matches the cell's prompt sha256 [0-9a-f]{12}; stored answers were used$/);
    expect(again.metrics.map((m: any) => m.acc)).toEqual(report.metrics.map((m: any) => m.acc));
    expect(result.stdout).toContain('not re-extracted');
  });
});

describe('bad input', () => {
  const exists = (path: string) => stat(path).then(() => true, () => false);

  it.each([
    ['a price sheet with a bad line', 'prices', 'model,input_per_1k,output_per_1k,gpu_hour\nsim-teacher,0.1,,\nsim-student,,,cheap\n', /^gkt: .*bad-prices\.csv: line 3: gpu_hour "cheap" is not a number of 0 or more$/],
    ['an unknown table', 'table', 'nope', /^gkt: --table "nope": expected one of 2, 3, 4, 5, 6, guidance, shots, repeats, paired, cost, cloud-edge, methods, cells$/],
    ['an unknown rule', 'rule', 'loose', /^gkt: --rule "loose": expected one of reference, strict, flexible, boxed, ####, lm-eval-strict, lm-eval-flexible$/],
  ])('refuses %s with one line and exit code 2, writing nothing', async (_what, option, value, message) => {
    const out = join(work.dir, `out-${option}`);
    let arg = value;
    if (option === 'prices') {
      arg = join(work.dir, 'bad-prices.csv');
      await writeFile(arg, value);
    }
    const result = await gkt(['report', runDir, `--${option}`, arg, '-o', out], { cwd: work.dir });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(message);
    expect(result.stdout).toBe('');
    expect(await exists(out)).toBe(false);
  });

  it('refuses a folder that is not a run, naming it', async () => {
    const result = await gkt(['report', work.dir, '-o', join(work.dir, 'out-none')], { cwd: work.dir });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(`gkt: ${work.dir}: not a run folder (manifest.json is missing)`);
    expect(await exists(join(work.dir, 'out-none'))).toBe(false);
  });

  it('refuses a cell file with a broken line inside, naming the file and the line', async () => {
    const dir = join(work.dir, 'broken');
    await cp(runDir, dir, { recursive: true });
    const name = (await readdir(join(dir, 'cells')))[0]!;
    const path = join(dir, 'cells', name);
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[2] = '{"type":"item",';
    await writeFile(path, lines.join('\n'));
    const result = await gkt(['report', dir, '-o', join(dir, 'out')], { cwd: work.dir });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(new RegExp(`^gkt: ${path.replaceAll('.', '\\.')}: line 3 is not valid JSON`));
    expect(await exists(join(dir, 'out'))).toBe(false);
  });
});
