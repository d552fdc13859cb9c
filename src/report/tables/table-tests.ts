// Statistics tables: repeats as mean ± sd, and the paired McNemar test of each GKT cell against its student alone.
import { groupStat, representative } from '../repeats.js';
import { column, num, text } from './model.js';
import { accMarks, configLabel, timeMarks } from './values.js';
import { formatP } from '../format.js';
import type { Table } from './model.js';
import type { TableInput } from './values.js';

export function repeatsTable(input: TableInput): Table | null {
  const groups = input.groups.filter((g) => g.members.length > 1);
  if (groups.length === 0) return null;
  return {
    id: 'repeats',
    title: 'Repeats: mean ± sd',
    caption: `Cells identical but for repeat and seed. ACC(%) under the ${input.rule} rule and Time(s): mean ± sample standard deviation over repeats.`,
    context: '',
    columns: [column('cell', 'Cell', false), column('n', 'Repeats'), column('acc', 'ACC(%)'), column('time', 'Time(s)')],
    rows: groups.map((group) => {
      const acc = groupStat(group, (m) => m.acc[input.rule].percent);
      const time = groupStat(group, (m) => m.time.totalSeconds);
      return { kind: 'data' as const, values: {
        cell: text(configLabel(representative(group)), representative(group).simulated ? ['simulated'] : []),
        n: num(group.members.length, 0),
        acc: num(acc.mean, 2, { sd: acc.sd, marks: group.members.flatMap((m) => accMarks(m)) }),
        time: num(time.mean, 2, { sd: time.sd, marks: group.members.flatMap((m) => timeMarks(m)) }),
      } };
    }),
    notes: [],
  };
}

export function pairedTable(input: TableInput): Table | null {
  const tested = input.metrics.filter((m) => m.mcnemar !== null);
  if (tested.length === 0) return null;
  return {
    id: 'paired',
    title: 'Paired test: GKT against the student alone (exact McNemar)',
    caption:
      `Per item, under the ${input.rule} rule, on the items both cells have (a failed item is wrong). b: GKT right and the student alone wrong; ` +
      'c: the reverse. p: two-sided exact binomial test on the b + c discordant items.',
    context: '',
    columns: [
      column('cell', 'Cell', false), column('baseline', 'Student alone', false), column('n', 'Items'),
      column('acc', 'ACC GKT(%)'), column('baseAcc', 'ACC alone(%)'), column('b', 'b'), column('c', 'c'), column('p', 'p', false),
    ],
    rows: tested.map((m) => {
      const test = m.mcnemar as NonNullable<typeof m.mcnemar>;
      const base = input.byId.get(test.baseline);
      return { kind: 'data' as const, values: {
        cell: text(m.label, m.simulated ? ['simulated'] : []),
        baseline: text(base?.label ?? test.baseline),
        n: num(test.n, 0),
        acc: num(m.acc[input.rule].percent, 2, { marks: accMarks(m) }),
        baseAcc: base === undefined ? text('–') : num(base.acc[input.rule].percent, 2, { marks: accMarks(base) }),
        b: num(test.b, 0),
        c: num(test.c, 0),
        p: text(formatP(test.p)),
      } };
    }),
    notes: [],
  };
}
