// The cells page: every cell as a row of Table 2 (the report's own values and marks), with items done, McNemar and error counts (pure).
import { formatP } from '../report/format.js';
import { MARKS, markSymbols, num, text, valueText, type Mark, type TableValue } from '../report/tables/model.js';
import { tableTwoColumns, tableTwoRow } from '../report/tables/table-2.js';
import { configLabel } from '../report/tables/values.js';
import type { RuleName } from '../vocabulary.js';
import type { CellMetrics } from '../report/metrics-types.js';
import type { ModelInfo } from '../report/run-data.js';
import type { CellRow, CellsPayload, Shown } from './api-types.js';

function shown(value: TableValue): Shown {
  const number = value.kind === 'number' ? value.value : value.kind === 'interval' ? value.low : null;
  return { text: valueText(value), value: number, marks: markSymbols(value.marks) };
}

const EXTRA_COLUMNS = [
  { key: 'dataset', header: 'Dataset', numeric: false },
  { key: 'items', header: 'Items', numeric: true, title: 'items recorded / items planned' },
  { key: 'mcnemar', header: 'b / c', numeric: true, title: "McNemar's discordant pairs against the student alone: b = GKT right and student wrong, c = the reverse" },
  { key: 'p', header: 'p', numeric: true, title: 'exact McNemar p-value' },
  { key: 'errors', header: 'Errors', numeric: true, title: 'failed requests (counted as wrong)' },
  { key: 'fallbacks', header: 'Fallbacks', numeric: true, title: "the reference rule's random fallback" },
  { key: 'noAnswer', header: 'No answer', numeric: true, title: 'answered items where the headline rule found no answer' },
];

/** `rows` in plan order; `comparable` lists the cells whose items pair with each. */
export function cellsPayload(
  metrics: readonly CellMetrics[],
  rule: RuleName,
  models: ReadonlyMap<string, ModelInfo>,
  comparable: ReadonlyMap<string, string[]>,
): Omit<CellsPayload, 'warnings'> {
  const byId = new Map(metrics.map((m) => [m.id, m]));
  const input = { metrics: [...metrics], groups: metrics.map((m) => ({ key: m.id, members: [m] })), byId, rule, models };
  const used = new Set<Mark>();
  const rows: CellRow[] = metrics.map((m, position) => {
    const values: Record<string, TableValue> = {
      ...tableTwoRow({ key: m.id, members: [m] }, input),
      dataset: text(m.dataset),
      items: num(m.items.present, 0, { marks: m.items.complete ? [] : ['incomplete'] }),
      mcnemar: m.mcnemar === null ? text('–') : text(`${m.mcnemar.b} / ${m.mcnemar.c}`),
      p: m.mcnemar === null ? text('–') : text(formatP(m.mcnemar.p)),
      errors: num(m.errors.total, 0, { marks: m.errors.total > 0 ? ['errors'] : [] }),
      fallbacks: num(m.acc.reference.fallbacks, 0),
      noAnswer: num(m.acc[rule].noAnswer, 0),
    };
    for (const value of Object.values(values)) for (const mark of value.marks) used.add(mark);
    const columns = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, shown(value)]));
    const items = columns['items'];
    if (items !== undefined) columns['items'] = { ...items, text: `${m.items.present}/${m.items.planned}${items.marks}` };
    const mcnemar = columns['mcnemar'];
    if (mcnemar !== undefined && m.mcnemar !== null) columns['mcnemar'] = { ...mcnemar, value: m.mcnemar.b - m.mcnemar.c };
    const p = columns['p'];
    if (p !== undefined && m.mcnemar !== null) columns['p'] = { ...p, value: m.mcnemar.p };
    return {
      id: m.id,
      position,
      label: configLabel(m),
      kind: m.kind,
      dataset: m.dataset,
      simulated: m.simulated,
      comparable: comparable.get(m.id) ?? [],
      studentAlone: m.baselines.studentAlone,
      planned: m.items.planned,
      present: m.items.present,
      columns,
    };
  });
  const [model, length, ...rest] = tableTwoColumns(input);
  return {
    rule,
    columns: [
      ...(model === undefined || length === undefined ? [] : [model, length]),
      ...EXTRA_COLUMNS.slice(0, 2),
      ...rest,
      ...EXTRA_COLUMNS.slice(2),
    ],
    rows,
    legend: (Object.keys(MARKS) as Mark[]).filter((mark) => used.has(mark)).map((mark) => `${MARKS[mark].symbol} ${MARKS[mark].meaning}`),
  };
}
