// The Methods table: GKT and the methods it is compared with, beside both models alone, with paired tests and the Pareto front.
import { formatP } from '../format.js';
import { methodGroups, type MethodGroup, type MethodRow } from '../methods/method-rows.js';
import type { CellCost } from '../cost.js';
import type { McNemarSummary } from '../metrics-types.js';
import type { PriceTable } from '../prices.js';
import { column, DASH, interval, num, text, type Mark, type Table, type TableRow, type TableValue } from './model.js';
import { accMarks, timeMarks, type TableInput } from './values.js';

function test(summary: McNemarSummary | null): TableValue {
  return summary === null ? DASH : text(`${summary.b}/${summary.c} p=${formatP(summary.p)}`);
}

function rowValues(row: MethodRow): Record<string, TableValue> {
  const m = row.metrics;
  const sim: Mark[] = m.simulated ? ['simulated'] : [];
  const time: Mark[] = [...timeMarks(m), ...(row.kind === 'route' ? (['summed'] as const) : [])];
  return {
    method: text(row.method, sim),
    acc: num(row.acc, 2, { marks: accMarks(m) }),
    ci: interval(row.low, row.high, 1),
    time: num(row.seconds, 2, { marks: time }),
    speedUp: num(row.speedUp, 2, { unit: '×' }),
    share: num(row.teacherShare, 1, { unit: '%' }),
    handoffs: num(row.handoffs, 1),
    toTeacher: num(row.toTeacher, 1, { unit: '%' }),
    cost: num(row.cost, 4),
    vsStudent: row.kind === 'student alone' ? DASH : test(row.vsStudent),
    vsTeacher: row.kind === 'teacher alone' ? DASH : test(row.vsTeacher),
    front: text(row.front ? '★' : ''),
    note: text(row.note),
  };
}

/** Every group's rows, under a section line naming the pair and setting. */
export function methodsTable(input: TableInput, extra: { costs: readonly CellCost[]; prices: PriceTable }): Table | null {
  const groups: MethodGroup[] = methodGroups(input.metrics, {
    rule: input.rule,
    prices: extra.prices,
    models: input.models,
    costs: new Map(extra.costs.map((c) => [c.id, c])),
    byId: input.byId,
  });
  // GKT beside its baselines is the paper's tables' matter: this table is for reports holding another method.
  if (!groups.some((g) => g.rows.some((r) => r.kind !== 'student alone' && r.kind !== 'teacher alone' && r.kind !== 'gkt'))) return null;
  const rows: TableRow[] = groups.flatMap((group) => [
    { kind: 'section' as const, label: group.title },
    ...group.rows.map((row) => ({ kind: 'data' as const, values: rowValues(row) })),
  ]);
  return {
    id: 'methods',
    title: 'Methods: GKT and what it is compared with, in the same harness',
    caption:
      `Per pair and output length L, under the ${input.rule} rule: ACC(%) with its Wilson 95% interval; Time(s) as every cell's (a router's: summed from the records it reads); ` +
      'Speed Up against the teacher alone (one request at a time); the teacher\'s share of the tokens generated; hand-offs per answer; ' +
      'items sent to the teacher; cost where models are priced; exact McNemar tests against the student alone and the teacher alone ' +
      '(b/c: this right and that wrong / the reverse, on the items both have); ★ the Pareto front of ACC against Time within the group.',
    context: '',
    columns: [
      column('method', 'Method', false), column('acc', 'ACC(%)'), column('ci', '95% CI'), column('time', 'Time(s)'), column('speedUp', 'Speed Up'),
      column('share', 'Teacher tokens'), column('handoffs', 'Hand-offs'), column('toTeacher', 'To teacher'), column('cost', 'Cost'),
      column('vsStudent', 'vs student alone', false), column('vsTeacher', 'vs teacher alone', false), column('front', 'Pareto', false), column('note', 'Note', false),
    ],
    rows,
    notes: [
      'Speculative decoding is lossless: its answers are the teacher\'s (exactly so under greedy decoding, in distribution under sampling); the note gives its ACC less the teacher alone\'s.',
      'A router\'s answers are recorded answers of the student or teacher alone: an oracle or random router pays for the model it picks, a threshold router for the student on every item (its signal comes from the student\'s answer) and the teacher where it sends the item.',
    ],
  };
}
