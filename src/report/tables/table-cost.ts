// Cost and cloud-edge tables: price per cell with the paper's claim form, and per-user latency and bytes.
import { column, DASH, num, text } from './model.js';
import { costDigits } from '../format.js';
import { timeMarks } from './values.js';
import type { CellCost, RoleCost } from '../cost.js';
import type { CloudEdgeView } from '../cloud-edge.js';
import type { Table, TableValue } from './model.js';
import type { TableInput } from './values.js';

function costValue(cost: RoleCost | null): TableValue {
  if (cost === null) return DASH;
  if (cost.basis === 'unpriced') return text('unpriced');
  return num(cost.amount, costDigits(cost.amount));
}

function basisText(costs: Array<RoleCost | null>): string {
  return costs.flatMap((c) => (c === null ? [] : [`${c.model}: ${c.basis}`])).join('; ');
}

export function costTable(input: TableInput, costs: readonly CellCost[]): Table | null {
  const priced = costs.filter((c) => c.student.basis !== 'unpriced' || (c.teacher !== null && c.teacher.basis !== 'unpriced'));
  if (priced.length === 0) return null;
  return {
    id: 'cost',
    title: 'Cost',
    caption:
      'Cost per cell from per-model prices: tokens × price per 1K tokens where a model has token prices, otherwise phase wall time × price per GPU-hour. ' +
      'A GKT teacher is charged for the guidance it wrote (N tokens). Shares are against the teacher alone (one request at a time), ' +
      `with ACC under the ${input.rule} rule.`,
    context: '',
    columns: [
      column('cell', 'Cell', false), column('basis', 'Basis', false), column('teacher', 'Teacher cost'), column('student', 'Student cost'),
      column('total', 'Total cost'), column('alone', 'Teacher alone cost'), column('accShare', 'ACC share(%)'),
      column('costShare', 'Cost share(%)'), column('claim', 'Claim', false),
    ],
    rows: priced.map((cost) => {
      const m = input.byId.get(cost.id);
      return { kind: 'data' as const, values: {
        cell: text(m?.label ?? cost.id, m?.simulated ? ['simulated'] : []),
        basis: text(basisText([cost.teacher, cost.student])),
        teacher: costValue(cost.teacher),
        student: costValue(cost.student),
        total: num(cost.total, costDigits(cost.total), { marks: m === undefined || cost.total === null ? [] : timeMarks(m) }),
        alone: cost.teacherAlone === null ? DASH : num(cost.teacherAlone.cost, costDigits(cost.teacherAlone.cost)),
        accShare: num(cost.accShare, 2),
        costShare: num(cost.costShare, 2),
        claim: text(cost.claim ?? '–'),
      } };
    }),
    notes: [],
  };
}

export function cloudEdgeTable(input: TableInput, views: readonly CloudEdgeView[]): Table | null {
  if (views.length === 0) return null;
  return {
    id: 'cloud-edge',
    title: 'Cloud-edge view',
    caption:
      'Per GKT cell (paper 4.2): the teacher in the cloud writes guidance for a batch of users at once; each user\'s student runs on their own device. ' +
      'Per-user latency = teacher pass time / items + student phase time / items. Guidance bytes per user against the bytes of a full answer from the teacher alone.',
    context: '',
    columns: [
      column('cell', 'Cell', false), column('items', 'Items'), column('teacher', 'Teacher s/item'), column('student', 'Student s/item'),
      column('latency', 'Per-user latency(s)'), column('users', 'Users at once'), column('alone', 'Teacher alone s/item'),
      column('guidanceBytes', 'Guidance bytes/user'), column('fullBytes', 'Full answer bytes'), column('bytesShare', 'Bytes share(%)'),
    ],
    rows: views.map((view) => {
      const m = input.byId.get(view.id);
      const marks = (part: 'teacher' | 'student' | 'total') => (m === undefined ? [] : timeMarks(m, part));
      return { kind: 'data' as const, values: {
        cell: text(m?.label ?? view.id, m?.simulated ? ['simulated'] : []),
        items: num(view.items, 0),
        teacher: num(view.teacherPerItem, 2, { marks: marks('teacher') }),
        student: num(view.studentPerItem, 2, { marks: marks('student') }),
        latency: num(view.perUserLatency, 2, { marks: marks('total') }),
        users: num(view.usersAtOnce, 0),
        alone: num(view.teacherAlonePerItem, 2),
        guidanceBytes: num(view.guidanceBytes, 1),
        fullBytes: num(view.fullAnswerBytes, 1),
        bytesShare: num(view.bytesShare, 2),
      } };
    }),
    notes: [],
  };
}
