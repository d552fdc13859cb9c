// What the viewer keeps of a run between reads: per-rule cell rows, each cell's index, the dashboard; no record texts.
import { RULE_NAMES, type RuleName } from '../extract/types.js';
import { buildReport, computeCellMetrics } from '../report/index.js';
import { compareWithBaselines } from '../report/comparisons.js';
import { rescoreItem, storedScores, templateForCell } from '../report/rescore.js';
import { cellsPayload } from './cell-rows.js';
import { buildCellIndex } from './cell-index.js';
import { itemStatus } from './item-query.js';
import { dashboard, type PhaseInput } from './progress.js';
import type { Cell } from '../plan/types.js';
import type { PromptTemplate } from '../prompts/index.js';
import type { CellMetrics } from '../report/metrics-types.js';
import type { CellData, RunData } from '../report/run-data.js';
import type { CellsPayload, Dashboard, RunHeading } from './api-types.js';
import type { CellIndex, ItemTable } from './item-bits.js';

/** A list shows the start of each question; the item page reads the whole. */
const QUESTION_CHARS = 160;

export interface ViewCell {
  cell: Cell;
  position: number;
  index: CellIndex;
  template: PromptTemplate | null;
  /** Key of the dataset's item table. */
  table: string;
}

export interface Snapshot extends RunHeading {
  cells: Map<string, ViewCell>;
  tables: Map<string, ItemTable>;
  payloads: Record<RuleName, CellsPayload>;
  dashboard: Dashboard;
}

/** Cells of one dataset file and prompt format show each question the same way. */
const tableKey = (cell: Cell): string => `${cell.dataset.name}:${cell.dataset.sha256}:${cell.prompt.format}`;

function scoreItems(data: CellData, template: PromptTemplate | null) {
  return data.planned.map((item) => {
    const record = data.records.get(item);
    if (record === undefined) return null;
    return template === null ? storedScores(record) : rescoreItem(record, data.cell, template);
  });
}

/** Cells pair when they ran the same dataset file: their items are the same questions. */
function comparableCells(cells: readonly Cell[]): Map<string, string[]> {
  const file = (cell: Cell) => `${cell.dataset.name}:${cell.dataset.sha256}`;
  return new Map(cells.map((c) => [c.id, cells.filter((o) => o.id !== c.id && file(o) === file(c)).map((o) => o.id)]));
}

/**
 * The headline-rule verdicts per present item, as the report pairs them for McNemar (a failed item is
 * wrong): the other rules' comparisons are the report's own, fed these instead of re-scoring each cell.
 */
function outcomesFor(cells: ReadonlyMap<string, ViewCell>, rule: RuleName): Map<string, Map<string, boolean>> {
  const outcomes = new Map<string, Map<string, boolean>>();
  for (const [id, { index }] of cells) {
    const verdicts = new Map<string, boolean>();
    index.items.forEach((item, i) => {
      const status = itemStatus(index.flags[i] ?? 0, rule);
      if (status !== 'missing') verdicts.set(item, status === 'correct');
    });
    outcomes.set(id, verdicts);
  }
  return outcomes;
}

function phases(run: RunData, metrics: readonly CellMetrics[]): PhaseInput[] {
  const passPlanned = new Map<string, number>();
  for (const data of run.cells) if (data.cell.teacher !== null) passPlanned.set(data.cell.teacher.pass, data.planned.length);
  const passes: PhaseInput[] = [...run.passes.values()].map((p) => ({
    kind: 'pass',
    id: p.pass.id,
    label: `teacher pass ${run.models.get(p.pass.model.name)?.label ?? p.pass.model.name} ${p.pass.dataset.name} ${p.pass.maxTokens} tokens`,
    planned: passPlanned.get(p.pass.id) ?? p.records.size,
    done: p.records.size,
    errors: [...p.records.values()].filter((r) => r.error !== null).length,
    segments: p.segments,
    timings: p.timings,
  }));
  const byId = new Map(metrics.map((m) => [m.id, m]));
  const cells: PhaseInput[] = run.cells.map((data) => ({
    kind: 'cell',
    id: data.cell.id,
    label: data.cell.label,
    planned: data.planned.length,
    done: data.records.size,
    errors: byId.get(data.cell.id)?.errors.total ?? 0,
    segments: data.segments,
    timings: data.timings,
  }));
  return [...passes, ...cells];
}

export function buildSnapshot(run: RunData): Snapshot {
  const cells = new Map<string, ViewCell>();
  const tables = new Map<string, { questions: Map<string, string>; gold: Map<string, string> }>();
  run.cells.forEach((data, position) => {
    const template = templateForCell(run, data.cell);
    const key = tableKey(data.cell);
    const table = tables.get(key) ?? { questions: new Map(), gold: new Map() };
    tables.set(key, table);
    for (const [item, record] of data.records) {
      if (!table.questions.has(item)) table.questions.set(item, record.question.slice(0, QUESTION_CHARS));
      if (!table.gold.has(item)) table.gold.set(item, record.gold.slice(0, QUESTION_CHARS));
    }
    const index = buildCellIndex(data.cell.id, data.planned, data.records, scoreItems(data, template));
    cells.set(data.cell.id, { cell: data.cell, position, index, template, table: key });
  });
  const headline = computeCellMetrics(run, { rule: 'reference' });
  const origins = new Map(run.cells.map((data) => [data.cell.id, data.origins]));
  const plan = run.cells.map((data) => data.cell);
  const comparable = comparableCells(plan);
  const payloads = {} as Record<RuleName, CellsPayload>;
  let title = '';
  let simulated: string[] = [];
  let warnings: string[] = [];
  for (const rule of RULE_NAMES) {
    const metrics = rule === 'reference'
      ? headline
      : compareWithBaselines(headline.map((m) => ({ ...m, rule })), plan, outcomesFor(cells, rule), origins);
    const report = buildReport(run, metrics, { rule, prices: run.prices, table: '2' });
    if (rule === 'reference') {
      ({ title, simulated } = report);
      warnings = report.warnings;
    }
    payloads[rule] = { ...cellsPayload(metrics, rule, run.models, comparable), warnings: report.warnings };
  }
  return {
    title: title.replace(/^gkt report/, 'gkt view'),
    dirs: run.dirs,
    runs: run.runs,
    gkt: run.gkt,
    simulated,
    warnings,
    cells,
    tables,
    payloads,
    dashboard: dashboard(phases(run, headline)),
  };
}
