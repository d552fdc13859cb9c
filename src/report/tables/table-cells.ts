// The full per-cell table: every metric of every cell, one row per cell (repeats not pooled).
import { RULE_NAMES, type Role } from '../../vocabulary.js';
import { DASH, column, interval, num, text } from './model.js';
import { accMarks, batchingLabel, timeMarks } from './values.js';
import type { CellMetrics, Distribution, RoleStats } from '../metrics-types.js';
import type { Column, Table, TableValue } from './model.js';
import type { TableInput } from './values.js';

function errorKinds(m: CellMetrics): string {
  return Object.entries(m.errors.byKind).map(([kind, count]) => `${kind}: ${count}`).join(', ');
}

function roleColumns(role: Role): Column[] {
  return [
    column(`${role}-in`, `${role} tokens in`),
    column(`${role}-out`, `${role} tokens out`),
    column(`${role}-out-mean`, `${role} tokens out (mean)`),
    column(`${role}-p50`, `${role} latency p50 (ms)`),
    column(`${role}-p90`, `${role} latency p90 (ms)`),
    column(`${role}-p99`, `${role} latency p99 (ms)`),
    column(`${role}-ttft50`, `${role} TTFT p50 (ms)`),
    column(`${role}-ttft90`, `${role} TTFT p90 (ms)`),
    column(`${role}-tps`, `${role} throughput (tok/s)`),
    column(`${role}-think`, `${role} thinking tokens`),
    column(`${role}-think-mean`, `${role} thinking tokens (mean)`),
  ];
}

function roleValues(role: Role, stats: RoleStats | null, m: CellMetrics): Record<string, TableValue> {
  const time = timeMarks(m, role);
  const dist = (d: Distribution | undefined, key: 'p50' | 'p90' | 'p99'): TableValue =>
    d === undefined || d.count === 0 ? DASH : num(d[key], 0, { marks: time });
  return {
    [`${role}-in`]: stats === null ? DASH : num(stats.promptTokens.sum, 0),
    [`${role}-out`]: stats === null ? DASH : num(stats.completionTokens.sum, 0),
    [`${role}-out-mean`]: stats === null ? DASH : num(stats.completionTokens.mean, 2),
    [`${role}-p50`]: dist(stats?.latencyMs, 'p50'),
    [`${role}-p90`]: dist(stats?.latencyMs, 'p90'),
    [`${role}-p99`]: dist(stats?.latencyMs, 'p99'),
    [`${role}-ttft50`]: dist(stats?.ttftMs, 'p50'),
    [`${role}-ttft90`]: dist(stats?.ttftMs, 'p90'),
    [`${role}-tps`]: stats === null ? DASH : num(stats.throughput, 1, { marks: time }),
    [`${role}-think`]: stats?.thinkingTokens == null ? DASH : num(stats.thinkingTokens.sum, 0),
    [`${role}-think-mean`]: stats?.thinkingTokens == null ? DASH : num(stats.thinkingTokens.mean, 2),
  };
}

export function cellsColumns(): Column[] {
  return [
    column('cell', 'Cell', false),
    column('id', 'Id', false),
    column('dataset', 'Dataset', false),
    column('mode', 'Mode', false),
    column('shots', 'Shots'),
    column('repeat', 'Repeat'),
    column('n', 'N'),
    column('l', 'L'),
    column('projection', 'Projection', false),
    column('teacherBatching', 'Teacher batching', false),
    column('studentBatching', 'Student batching', false),
    column('planned', 'Items planned'),
    column('present', 'Items present'),
    column('answered', 'Items answered'),
    column('errors', 'Errors'),
    column('teacherErrors', 'Teacher errors'),
    column('studentErrors', 'Student errors'),
    column('errorKinds', 'Error kinds', false),
    ...RULE_NAMES.flatMap((rule) => [column(`acc-${rule}`, `ACC ${rule}(%)`), column(`ci-${rule}`, `ACC ${rule} 95% CI`)]),
    ...RULE_NAMES.map((rule) => column(`acct-${rule}`, `ACC_teacher ${rule}(%)`)),
    column('delta', 'Δ(ACC)'),
    column('teacherTime', 'Teacher time(s)'),
    column('studentTime', 'Student time(s)'),
    column('time', 'Time(s)'),
    column('speedUp', 'Speed Up'),
    column('speedUpSame', 'Speed Up (same batching)'),
    ...roleColumns('teacher'),
    ...roleColumns('student'),
    ...RULE_NAMES.map((rule) => column(`none-${rule}`, `no answer (${rule})`)),
    column('fallbacks', 'reference fallbacks'),
    column('cached', 'cached items'),
    ...RULE_NAMES.map((rule) => column(`changed-${rule}`, `re-extraction changed (${rule})`)),
    column('mcnemarB', 'McNemar b'),
    column('mcnemarC', 'McNemar c'),
    column('mcnemarP', 'McNemar p'),
  ];
}

export function cellsRow(m: CellMetrics): Record<string, TableValue> {
  const acc = accMarks(m);
  const time = timeMarks(m);
  const values: Record<string, TableValue> = {
    cell: text(m.label, m.simulated ? ['simulated'] : []),
    id: text(m.id),
    dataset: text(m.dataset),
    mode: text(m.mode),
    shots: num(m.shots, 0),
    repeat: num(m.repeat, 0),
    n: m.teacher === null ? DASH : num(m.teacher.guidanceTokens, 0),
    l: num(m.student.maxTokens, 0),
    projection: text(m.teacher?.projection ?? '–'),
    teacherBatching: text(m.teacher === null ? '–' : batchingLabel(m.teacher.batching)),
    studentBatching: text(batchingLabel(m.student.batching)),
    planned: num(m.items.planned, 0),
    present: num(m.items.present, 0, { marks: m.items.complete ? [] : ['incomplete'] }),
    answered: num(m.items.answered, 0),
    errors: num(m.errors.total, 0),
    teacherErrors: num(m.errors.byRole.teacher, 0),
    studentErrors: num(m.errors.byRole.student, 0),
    errorKinds: m.errors.total === 0 ? DASH : text(errorKinds(m)),
    delta: m.deltaAcc === null ? DASH : num(m.deltaAcc, 2, { marks: acc }),
    teacherTime: m.time.teacher === null ? DASH : num(m.time.teacher.seconds, 2, { marks: timeMarks(m, 'teacher') }),
    studentTime: num(m.time.student.seconds, 2, { marks: timeMarks(m, 'student') }),
    time: num(m.time.totalSeconds, 2, { marks: time }),
    speedUp: m.teacher === null ? DASH : num(m.speedUp, 2, { unit: '×', marks: time }),
    speedUpSame: m.teacher === null ? DASH : num(m.speedUpSameBatching, 2, { unit: '×', marks: time }),
    ...roleValues('teacher', m.roles.teacher, m),
    ...roleValues('student', m.roles.student, m),
    fallbacks: num(m.acc.reference.fallbacks, 0),
    cached: num(m.time.cachedItems, 0),
    mcnemarB: m.mcnemar === null ? DASH : num(m.mcnemar.b, 0),
    mcnemarC: m.mcnemar === null ? DASH : num(m.mcnemar.c, 0),
    mcnemarP: m.mcnemar === null ? DASH : num(m.mcnemar.p, 4),
  };
  for (const rule of RULE_NAMES) {
    const a = m.acc[rule];
    values[`acc-${rule}`] = num(a.percent, 2, { marks: accMarks(m, 'answer', rule) });
    values[`ci-${rule}`] = interval(a.low, a.high, 2);
    values[`acct-${rule}`] = m.accTeacher === null ? DASH : num(m.accTeacher[rule].percent, 2, { marks: accMarks(m, 'guidance', rule) });
    values[`none-${rule}`] = num(m.acc[rule].noAnswer, 0);
    values[`changed-${rule}`] = m.rescore.applied ? num(m.rescore.changed[rule], 0) : text('not re-extracted');
  }
  return values;
}

export function cellsTable(input: TableInput): Table | null {
  if (input.metrics.length === 0) return null;
  const notRescored = input.metrics.filter((m) => !m.rescore.applied);
  return {
    id: 'cells',
    title: 'Every cell: all metrics',
    caption:
      'One row per cell (repeats apart). ACC under each rule over the planned items with its 95% Wilson interval; latency per request; ' +
      'throughput = output tokens / phase wall time; McNemar: exact two-sided test against the student alone on the items both have ' +
      '(b: GKT right and student wrong, c: the reverse). "re-extraction changed" counts items whose stored answer differs from the re-extracted one.',
    context: '',
    columns: cellsColumns(),
    rows: input.metrics.map((m) => ({ kind: 'data' as const, values: cellsRow(m) })),
    notes: notRescored.map((m) => `${m.label}: ${m.rescore.reason ?? 'not re-extracted'}`),
  };
}
