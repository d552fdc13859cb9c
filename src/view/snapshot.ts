// What the viewer keeps of a run between reads: per-rule cell rows, each cell's index, the dashboard; no record texts.
import { RULE_NAMES, type RuleName } from '../vocabulary.js';
import { buildReport, computeCellMetrics } from '../report/index.js';
import { templateForCell } from '../report/rescore.js';
import { cellsPayload } from './cell-rows.js';
import { dashboard, type PhaseInput } from './progress.js';
import { tableKey, type RunRead } from './run-source.js';
import type { Cell } from '../plan/types.js';
import type { PromptTemplate } from '../prompts/index.js';
import type { CellMetrics } from '../report/metrics-types.js';
import type { CellsPayload, Dashboard, RunHeading } from './api-types.js';
import type { CellIndex, ItemTable } from './item-bits.js';

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

/** Cells pair when they ran the same dataset file: their items are the same questions. */
function comparableCells(cells: readonly Cell[]): Map<string, string[]> {
  const file = (cell: Cell) => `${cell.dataset.name}:${cell.dataset.sha256}`;
  return new Map(cells.map((c) => [c.id, cells.filter((o) => o.id !== c.id && file(o) === file(c)).map((o) => o.id)]));
}

function phases({ run, phases: lines }: RunRead, metrics: readonly CellMetrics[]): PhaseInput[] {
  const passPlanned = new Map<string, number>();
  for (const data of run.cells) if (data.cell.teacher !== null) passPlanned.set(data.cell.teacher.pass, data.outcomes.items.length);
  const none = { segments: [], times: [], records: 0, errors: 0 };
  const passes: PhaseInput[] = [...run.passes.values()].map((p) => {
    const phase = lines.get(p.pass.id) ?? none;
    return {
      kind: 'pass',
      id: p.pass.id,
      label: `teacher pass ${run.models.get(p.pass.model.name)?.label ?? p.pass.model.name} ${p.pass.dataset.name} ${p.pass.maxTokens} tokens`,
      planned: passPlanned.get(p.pass.id) ?? phase.records,
      done: phase.records,
      errors: phase.errors,
      segments: phase.segments,
      timings: phase.times,
    };
  });
  const byId = new Map(metrics.map((m) => [m.id, m]));
  const cells: PhaseInput[] = run.cells.map((data) => {
    const phase = lines.get(data.cell.id) ?? none;
    return {
      kind: 'cell',
      id: data.cell.id,
      label: data.cell.label,
      planned: data.outcomes.items.length,
      done: phase.records,
      errors: byId.get(data.cell.id)?.errors.total ?? 0,
      segments: phase.segments,
      timings: phase.times,
    };
  });
  return [...passes, ...cells];
}

export function buildSnapshot(read: RunRead): Snapshot {
  const { run } = read;
  const cells = new Map<string, ViewCell>();
  run.cells.forEach((data, position) => {
    const index = read.indexes.get(data.cell.id)!;
    cells.set(data.cell.id, { cell: data.cell, position, index, template: templateForCell(run.prompts, data.cell), table: tableKey(data.cell) });
  });
  const comparable = comparableCells(run.cells.map((data) => data.cell));
  const payloads = {} as Record<RuleName, CellsPayload>;
  let headline: CellMetrics[] = [];
  let title = '';
  let simulated: string[] = [];
  let warnings: string[] = [];
  for (const rule of RULE_NAMES) {
    // Each rule's comparisons are the report's own: the per-item verdicts of every rule were kept as the records streamed past.
    const metrics = computeCellMetrics(run, { rule });
    const report = buildReport(run, metrics, { rule, prices: run.prices, table: '2' });
    if (rule === 'reference') {
      headline = metrics;
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
    tables: read.tables,
    payloads,
    dashboard: dashboard(phases(read, headline)),
  };
}
