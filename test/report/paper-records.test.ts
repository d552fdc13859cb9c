// The paper's numbers from the bottom up: one record per item and phase segments in, Table 2's columns out.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/build-report.js';
import { computeCellMetrics } from '../../src/report/cell-metrics.js';
import { CellTally } from '../../src/report/cell-tally.js';
import { storedScores } from '../../src/report/rescore.js';
import { PassTally } from '../../src/report/teacher-time.js';
import { valueText } from '../../src/report/tables/model.js';
import { cellOf, emptyRun, itemRecord, modelInfo, segments, teacherRecord } from './builders.js';
import type { DatasetName } from '../../src/vocabulary.js';
import type { TeacherPass } from '../../src/plan/types.js';
import type { CellData, ModelInfo, PassData } from '../../src/report/run-data.js';
import type { TableValue } from '../../src/report/tables/model.js';
import type { CellSpec } from './builders.js';

interface Row extends CellSpec {
  /** Items answered right, and (GKT) right from the guidance alone. */
  correct: number;
  teacherCorrect?: number;
  /** Phase wall times in ms, as the segment records hold them. */
  teacherMs?: number;
  studentMs: number;
}

const ITEMS: Record<DatasetName, number> = { gsm8k: 1319, csqa: 1221 };

// Counts that give the paper's printed accuracies over the full test sets (e.g. 253 / 1319 = 19.18%).
const ROWS: Row[] = [
  { id: 'g-7b', dataset: 'gsm8k', student: { model: 'llama2-7b', label: 'Llama2-7B', l: 300 }, correct: 190, studentMs: 10_304_180 },
  { id: 'g-13b', dataset: 'gsm8k', student: { model: 'llama2-13b', label: 'Llama2-13B', l: 300 }, correct: 312, studentMs: 14_215_120 },
  { id: 'g-70b', dataset: 'gsm8k', student: { model: 'llama2-70b', label: 'Llama2-70B', l: 300 }, correct: 747, studentMs: 144_018_550 },
  {
    id: 'g-13b-7b', dataset: 'gsm8k', teacher: { model: 'llama2-13b', label: 'Llama2-13B', n: 40, pass: 'g-13b-pass' },
    student: { model: 'llama2-7b', label: 'Llama2-7B', l: 300 }, correct: 253, teacherCorrect: 61, teacherMs: 506_730, studentMs: 10_364_280,
  },
  {
    id: 'g-70b-7b', dataset: 'gsm8k', teacher: { model: 'llama2-70b', label: 'Llama2-70B', n: 40, pass: 'g-70b-pass' },
    student: { model: 'llama2-7b', label: 'Llama2-7B', l: 300 }, correct: 377, teacherCorrect: 103, teacherMs: 1_344_071, studentMs: 12_096_639,
  },
  { id: 'c-7b', dataset: 'csqa', student: { model: 'llama2-7b', label: 'Llama2-7B', l: 100 }, correct: 741, studentMs: 3_239_040 },
  { id: 'c-70b', dataset: 'csqa', student: { model: 'llama2-70b', label: 'Llama2-70B', l: 100 }, correct: 935, studentMs: 43_285_730 },
  {
    id: 'c-70b-7b', dataset: 'csqa', teacher: { model: 'llama2-70b', label: 'Llama2-70B', n: 30, pass: 'c-70b-pass' },
    student: { model: 'llama2-7b', label: 'Llama2-7B', l: 100 }, correct: 912, teacherCorrect: 230, teacherMs: 560_038, studentMs: 5_040_342,
  },
];

const itemIds = (dataset: DatasetName) => Array.from({ length: ITEMS[dataset] }, (_, i) => `${dataset}-${i}`);

/** The cell's records streamed into its tally, as a report reads them, then its figures. */
function cellData(row: Row, passes: ReadonlyMap<string, PassData>, models: ReadonlyMap<string, ModelInfo>): CellData {
  const planned = itemIds(row.dataset);
  const tally = new CellTally(cellOf(row), planned, new Map(planned.map((item, i) => [item, i])));
  for (const segment of segments('s-1', 1000, 1000 + row.studentMs)) tally.segment(segment);
  planned.forEach((item, i) => {
    const record = itemRecord(row.id, item, i < row.correct, row.teacher === undefined ? undefined : i < (row.teacherCorrect ?? 0));
    tally.add(record, storedScores(record));
  });
  return tally.figures({ passes, models, rescore: { applied: false, reason: 'no prompt files' }, origins: ['paper'], dirs: [] });
}

function passData(row: Row): PassData {
  const cell = cellOf(row);
  const teacher = cell.teacher!;
  const pass: TeacherPass = {
    id: teacher.pass, dataset: cell.dataset, prompt: cell.prompt, model: teacher.model, projection: 'cutoff', maxTokens: teacher.guidanceTokens,
    serves: [teacher.guidanceTokens], batching: { kind: 'static', size: 24 }, sampling: { temperature: 0.8, topP: 0.9 }, mode: 'faithful', seed: 0, boundaries: 'tokens',
  };
  const tally = new PassTally(pass, pass.serves);
  for (const segment of segments('s-1', 0, row.teacherMs ?? 0)) tally.segment(segment);
  for (const item of itemIds(row.dataset)) tally.add(teacherRecord(pass.id, item));
  return { pass, times: new Map(pass.serves.map((k) => [k, tally.time(k)])) };
}

describe('Table 2 from records', () => {
  const models = [modelInfo('llama2-7b', 'Llama2-7B'), modelInfo('llama2-13b', 'Llama2-13B'), modelInfo('llama2-70b', 'Llama2-70B')];
  const passes = new Map(ROWS.filter((r) => r.teacher).map((r) => [r.teacher!.pass!, passData(r)]));
  const byName = new Map(models.map((m) => [m.key, m]));
  const run = emptyRun(models, { cells: ROWS.map((row) => cellData(row, passes, byName)), passes });
  const metrics = computeCellMetrics(run, { rule: 'reference' });
  const byId = new Map(metrics.map((m) => [m.id, m]));
  const report = buildReport(run, metrics, { rule: 'reference', prices: new Map() });
  const table = report.tables.find((t) => t.id === 'table-2')!;
  const rows = new Map<string, Record<string, TableValue>>(
    table.rows.flatMap((r) => (r.kind === 'data' ? [[`${valueText(r.values['model']!)} ${valueText(r.values['length']!)}`, r.values]] : [])),
  );
  const text = (key: string, column: string) => {
    const value = rows.get(key)?.[column];
    return value === undefined ? undefined : valueText(value);
  };

  it('reads every planned item into the denominator', () => {
    expect(byId.get('g-13b-7b')?.acc.reference).toMatchObject({ correct: 253, total: 1319 });
    expect(byId.get('c-70b-7b')?.acc.reference).toMatchObject({ correct: 912, total: 1221 });
  });

  it('GSM8K Llama2-13B→Llama2-7B 40→300: ACC_teacher 4.62, ACC 19.18, Δ 4.78, 10871.01 s, 1.31×', () => {
    const key = 'Llama2-13B→Llama2-7B 40→300';
    expect(['accTeacher', 'acc', 'delta', 'time', 'speedUp'].map((c) => text(key, c))).toEqual(['4.62', '19.18', '4.78', '10871.01', '1.31×']);
  });

  it('GSM8K Llama2-70B→Llama2-7B 40→300: ACC 28.58, Δ 14.18, 13440.71 s, 10.72× against 144018.55 s', () => {
    const key = 'Llama2-70B→Llama2-7B 40→300';
    expect(['accTeacher', 'acc', 'delta', 'time', 'speedUp'].map((c) => text(key, c))).toEqual(['7.81', '28.58', '14.18', '13440.71', '10.72×']);
  });

  it('CSQA Llama2-70B→Llama2-7B 30→100: Δ 14.00, 7.73× against 43285.73 s', () => {
    const key = 'Llama2-70B→Llama2-7B 30→100';
    expect(['accTeacher', 'acc', 'delta', 'time', 'speedUp'].map((c) => text(key, c))).toEqual(['18.84', '74.69', '14.00', '5600.38', '7.73×']);
  });

  it('pairs each GKT cell with its student alone, item by item (exact McNemar)', () => {
    // Items 0–189 are right in both, 190–252 only with guidance: 63 discordant pairs, all for GKT.
    expect(byId.get('g-13b-7b')?.mcnemar).toMatchObject({ baseline: 'g-7b', n: 1319, b: 63, c: 0 });
    expect(byId.get('g-13b-7b')?.mcnemar?.p).toBeCloseTo(2 * 0.5 ** 63, 25);
  });

  it('measures the teacher phase from the pass segments and the student phase from the cell segments', () => {
    const m = byId.get('g-13b-7b')!;
    expect([m.time.teacher?.seconds, m.time.teacher?.source, m.time.student.seconds]).toEqual([506.73, 'measured', 10364.28]);
  });
});
