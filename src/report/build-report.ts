// Assembles a report from cell metrics: every table (per mode), costs, cloud-edge views, notes and warnings.
import { type Mode, MODES, type RuleName } from '../vocabulary.js';
import { cloudEdgeViews } from './cloud-edge.js';
import { ruleWarnings } from './rule-warnings.js';
import { shownRules } from './shown-rules.js';
import { cellCosts } from './cost.js';
import { repeatGroups } from './repeats.js';
import { cellsTable } from './tables/table-cells.js';
import { cloudEdgeTable, costTable } from './tables/table-cost.js';
import { tableFive, tableFour } from './tables/table-pairs.js';
import { guidanceTable, shotsTable } from './tables/table-sweeps.js';
import { pairedTable, repeatsTable } from './tables/table-tests.js';
import { tableSix } from './tables/table-6.js';
import { tableThree } from './tables/table-3.js';
import { tableTwo } from './tables/table-2.js';
import { methodsTable } from './tables/table-methods.js';
import type { CloudEdgeView } from './cloud-edge.js';
import type { CellCost } from './cost.js';
import type { CellMetrics } from './metrics-types.js';
import type { PriceTable } from './prices.js';
import type { RunData } from './run-data.js';
import type { Table } from './tables/model.js';
import type { TableInput } from './tables/values.js';

interface TableSpec {
  /** The name `--table` selects it by. */
  name: string;
  build: (input: TableInput, extra: { costs: CellCost[]; cloudEdge: CloudEdgeView[]; prices: PriceTable }) => Table | null;
  /** Why it is left out when no cell matches. */
  absent: string;
  /** Whether it lists the methods' cells too (hand-offs, cascades, routers); the paper's tables do not. */
  methods?: true;
}

export const TABLE_SPECS: readonly TableSpec[] = [
  { name: '2', build: tableTwo, absent: 'no cells' },
  { name: '3', build: tableThree, absent: 'no pair was run with two or more projections at the same lengths' },
  { name: '4', build: tableFour, absent: 'no two pairs share a guidance and output length' },
  { name: '5', build: tableFive, absent: 'no two pairs share a guidance and output length' },
  { name: '6', build: tableSix, absent: 'no GKT cell has an API model (kind openai) as teacher' },
  { name: 'guidance', build: guidanceTable, absent: 'no GKT cells' },
  { name: 'shots', build: shotsTable, absent: 'no configuration was run with two or more numbers of exemplars' },
  { name: 'repeats', build: repeatsTable, absent: 'no cell was repeated' },
  { name: 'paired', build: pairedTable, absent: 'no GKT cell has a student-alone baseline' },
  { name: 'cost', build: (input, extra) => costTable(input, extra.costs.filter((c) => input.byId.has(c.id))), absent: 'no model is priced (config prices or --prices)' },
  { name: 'cloud-edge', build: (input, extra) => cloudEdgeTable(input, extra.cloudEdge.filter((v) => input.byId.has(v.id))), absent: 'no GKT cells' },
  { name: 'methods', build: methodsTable, absent: 'no hand-off, cascade, routing or speculative-decoding cells', methods: true },
  { name: 'cells', build: cellsTable, absent: 'no cells', methods: true },
];

export const TABLE_NAMES: readonly string[] = TABLE_SPECS.map((spec) => spec.name);

export interface ReportOptions {
  rule: RuleName;
  prices: PriceTable;
  /** Only this table (a TABLE_NAMES entry). */
  table?: string;
}

export interface Report {
  title: string;
  source: { dirs: string[]; runs: string[]; gkt: { version: string | null; commit: string | null } };
  rule: RuleName;
  modes: Mode[];
  simulated: string[];
  /** Things every reader should know: sharded times, simulated models. */
  notes: string[];
  warnings: string[];
  metrics: CellMetrics[];
  costs: CellCost[];
  cloudEdge: CloudEdgeView[];
  tables: Table[];
  /** Tables left out, and why. */
  omitted: string[];
}

function modeContext(mode: Mode, rule: RuleName, simulated: string[], incomplete: string | null): string {
  const sim = simulated.length > 0 ? ` · SIMULATED: ${simulated.join(', ')}` : '';
  return `mode: ${mode} · headline rule: ${rule}${sim}${incomplete === null ? '' : ` · ${incomplete}`}`;
}

/** Said with every table when shards of a run were left out (--allow-missing-shards). */
function incompleteNote(run: RunData): string | null {
  if (run.shards.missing.length === 0) return null;
  const runs = [...new Set(run.shards.missing.map((m) => m.run))].map((name) => {
    const absent = run.shards.missing.filter((m) => m.run === name);
    return `${name} ${absent.length === 1 ? 'shard' : 'shards'} ${absent.map((m) => m.index).join(', ')} of ${absent[0]!.count}`;
  });
  return `INCOMPLETE: missing ${runs.join('; ')}; numbers cover the shards given`;
}

export function buildReport(run: RunData, metrics: CellMetrics[], options: ReportOptions): Report {
  const modes = MODES.filter((mode) => metrics.some((m) => m.mode === mode));
  const simulated = [...run.models.values()].filter((model) => model.simulated).map((model) => model.label);
  const costs = cellCosts(metrics, options.prices, run.models);
  const cloudEdge = cloudEdgeViews(metrics);
  const notes: string[] = [];
  const incomplete = incompleteNote(run);
  if (incomplete !== null) notes.push(`${incomplete}.`);
  if (run.shards.present.length > 1 || run.dirs.length > 1) {
    notes.push(`${run.dirs.length} run folders merged; phase times add up across them (serial-equivalent time, comparable with the paper's single-machine times).`);
  }
  if (simulated.length > 0) notes.push(`Simulated models (${simulated.join(', ')}): their accuracies and times exercise the harness and describe no real model.`);
  const tables: Table[] = [];
  const omitted: string[] = [];
  const specs = options.table === undefined ? TABLE_SPECS : TABLE_SPECS.filter((spec) => spec.name === options.table);
  for (const mode of modes) {
    const own = metrics.filter((m) => m.mode === mode);
    const modelsInMode = new Set(own.flatMap((m) => [m.student.label, ...(m.teacher === null ? [] : [m.teacher.label])]));
    const inputOf = (list: CellMetrics[]): TableInput => ({
      metrics: list,
      groups: repeatGroups(list),
      byId: new Map(list.map((m) => [m.id, m])),
      rule: options.rule,
      rules: shownRules(list, options.rule),
      models: run.models,
    });
    const input = inputOf(own);
    // The paper's tables hold GKT cells and models alone; the methods have a table of their own.
    const paperInput = inputOf(own.filter((m) => m.kind === 'gkt' || m.kind === 'single'));
    const suffix = modes.length > 1 ? ` (${mode})` : '';
    for (const spec of specs) {
      const table = spec.build(spec.methods ? input : paperInput, { costs, cloudEdge, prices: options.prices });
      const label = /^\d$/.test(spec.name) ? `Table ${spec.name}` : `The ${spec.name} table`;
      if (table === null) {
        omitted.push(`${label}${suffix} omitted: ${spec.absent}.`);
        continue;
      }
      tables.push({
        ...table,
        id: modes.length > 1 ? `${table.id}-${mode}` : table.id,
        title: table.title + suffix,
        context: modeContext(mode, options.rule, simulated.filter((s) => modelsInMode.has(s)), incomplete),
      });
    }
  }
  if (metrics.length === 0) omitted.push('No cells: the plans list none.');
  return {
    title: `gkt report: ${run.runs.join(', ')}${incomplete === null ? '' : ' (INCOMPLETE: shards missing)'}`,
    source: { dirs: run.dirs, runs: run.runs, gkt: run.gkt },
    rule: options.rule,
    modes,
    simulated,
    notes,
    warnings: [...run.warnings, ...metrics.flatMap((m) => (m.rescore.reason === null ? [] : [`${m.label}: ${m.rescore.reason}`])), ...ruleWarnings(metrics, options.rule)],
    metrics,
    costs,
    cloudEdge,
    tables,
    omitted,
  };
}
