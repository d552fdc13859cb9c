// The table printed when a run ends: per cell, accuracy under each rule, times and tokens, read from the records.
import { RULE_NAMES } from '../../vocabulary.js';
import { column, num, text, DASH } from '../tables/model.js';
import { accMarks, batchingLabel, lengthLabel, timeMarks } from '../tables/values.js';
import { ruleWarnings } from '../rule-warnings.js';
import { shownRules } from '../shown-rules.js';
import { renderTableTerminal } from './terminal.js';
import type { CellMetrics } from '../metrics-types.js';
import type { Table, TableValue } from '../tables/model.js';

function tokens(m: CellMetrics): string {
  // A method's requests, every one of both models' (its student record holds only the answer).
  if (m.method !== null && m.method.speculative === null) {
    const { teacher, student } = m.method;
    return `${teacher.promptTokens + student.promptTokens}/${teacher.generated + student.generated}`;
  }
  const roles = [m.roles.teacher, m.roles.student].filter((r) => r !== null);
  const sum = (pick: (r: (typeof roles)[number]) => number) => roles.reduce((s, r) => s + pick(r), 0);
  return `${sum((r) => r.promptTokens.sum)}/${sum((r) => r.completionTokens.sum)}`;
}

/** Short headers keep the summary within a 160-column terminal. */
const SHORT_RULE: Record<(typeof RULE_NAMES)[number], string> = {
  reference: 'ref',
  strict: 'strict',
  flexible: 'flex',
  boxed: 'boxed',
  '####': '####',
  'lm-eval-strict': 'lm-strict',
  'lm-eval-flexible': 'lm-flex',
};

/** Mean thinking tokens per item, teacher/student, where a role thinks. */
function thinking(m: CellMetrics): string {
  const mean = (stats: CellMetrics['roles']['student'] | null) => {
    const value = stats?.thinkingTokens?.mean;
    return value === null || value === undefined ? '–' : String(Math.round(value));
  };
  return `${mean(m.roles.teacher)}/${mean(m.roles.student)}`;
}

const thinks = (m: CellMetrics): boolean => m.roles.student.thinkingTokens !== null || (m.roles.teacher?.thinkingTokens ?? null) !== null;

function cellName(m: CellMetrics): string {
  if (m.teacher !== null) return `${m.teacher.label}→${m.student.label}`;
  if (m.method !== null && m.method.speculative === null) return `${m.method.teacher.label}→${m.student.label} ${m.method.name}`;
  return m.student.batching.kind === 'serial' ? m.student.label : `${m.student.label} (${batchingLabel(m.student.batching)})`;
}

function row(m: CellMetrics): Record<string, TableValue> {
  const values: Record<string, TableValue> = {
    cell: text(cellName(m), m.simulated ? ['simulated'] : []),
    dataset: text(m.dataset),
    length: text(lengthLabel(m)),
    items: text(`${m.items.present}/${m.items.planned}`, m.items.complete ? [] : ['incomplete']),
    accTeacher: m.accTeacher === null ? DASH : num(m.accTeacher[m.rule].percent, 2, { marks: accMarks(m, 'guidance') }),
    teacher: m.time.teacher === null ? DASH : num(m.time.teacher.seconds, 2, { marks: timeMarks(m, 'teacher') }),
    student: num(m.time.student.seconds, 2, { marks: timeMarks(m, 'student') }),
    total: num(m.time.totalSeconds, 2, { marks: timeMarks(m) }),
    tokens: text(tokens(m)),
    thinking: text(thinks(m) ? thinking(m) : '–'),
    errors: num(m.errors.total, 0),
  };
  for (const rule of RULE_NAMES) values[`acc-${rule}`] = num(m.acc[rule].percent, 2, { marks: accMarks(m, 'answer', rule) });
  return values;
}

export function runSummaryTable(metrics: readonly CellMetrics[]): Table {
  const rule = metrics[0]?.rule ?? 'reference';
  return {
    id: 'summary',
    title: 'Run summary',
    caption: 'ACC(%) over the planned items under each extraction rule shown (ref: reference, flex: flexible, lm-: lm-evaluation-harness); ACC_teacher under the headline rule; times in seconds; tokens in/out as the servers reported them; Thinking T/S: mean thinking tokens per item of the teacher and the student, where a reasoning model ran.',
    context: `headline rule: ${rule}${metrics.some((m) => m.simulated) ? ' · SIMULATED models marked ~' : ''}`,
    columns: [
      column('cell', 'Cell', false),
      column('dataset', 'Dataset', false),
      column('length', 'N→L', false),
      column('items', 'Items', false),
      ...shownRules(metrics, rule).map((r) => column(`acc-${r}`, `ACC ${SHORT_RULE[r]}`)),
      column('accTeacher', 'ACC_teacher'),
      column('teacher', 'Teacher s'),
      column('student', 'Student s'),
      column('total', 'Total s'),
      column('tokens', 'Tokens in/out', false),
      ...(metrics.some(thinks) ? [column('thinking', 'Thinking T/S', false)] : []),
      column('errors', 'Errors'),
    ],
    rows: metrics.map((m) => ({ kind: 'data' as const, values: row(m) })),
    notes: ruleWarnings(metrics, rule),
  };
}

export function renderRunSummary(metrics: readonly CellMetrics[], options: { color: boolean; width?: number }): string {
  return renderTableTerminal(runSummaryTable(metrics), { color: options.color, width: options.width ?? 160 });
}
