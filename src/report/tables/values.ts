// Table values read from repeat groups: means (± sd over repeats) with the marks that qualify them.
import { groupStat, representative } from '../repeats.js';
import { DASH, dedupeMarks, interval, num, text } from './model.js';
import type { Batching, RuleName } from '../../vocabulary.js';
import type { CellMetrics } from '../metrics-types.js';
import type { RepeatGroup } from '../repeats.js';
import type { ModelInfo } from '../run-data.js';
import type { Mark, NumberValue, TableValue, TextValue } from './model.js';

export interface TableInput {
  metrics: CellMetrics[];
  groups: RepeatGroup[];
  byId: Map<string, CellMetrics>;
  rule: RuleName;
  /** The rules whose accuracies are shown beside the headline's; by default as shown-rules.ts decides. */
  rules?: readonly RuleName[];
  models: ReadonlyMap<string, ModelInfo>;
}

/** A share of random draws above which the reference rule's accuracy says more of the rule than of the model. */
const FALLBACK_SHARE = 0.2;

/**
 * Marks on an accuracy under `rule` (the headline by default): missing items, failed requests (for
 * ACC_teacher, the teacher's only), and for the reference rule a high share of random fallbacks.
 */
export function accMarks(m: CellMetrics, of: 'answer' | 'guidance' = 'answer', rule: RuleName = m.rule): Mark[] {
  const failed = of === 'guidance' ? m.errors.byRole.teacher : m.errors.total;
  const reference = of === 'guidance' ? m.accTeacher?.reference : m.acc.reference;
  const drawn = rule === 'reference' && reference !== undefined && reference.total > 0 && reference.fallbacks / reference.total > FALLBACK_SHARE;
  return [...(m.items.complete ? [] : ['incomplete' as const]), ...(failed > 0 ? ['errors' as const] : []), ...(drawn ? ['fallback' as const] : [])];
}

/** Which phase a time covers: a mark about the teacher's clock does not qualify the student's. */
export type TimePart = 'teacher' | 'student' | 'total';

export function timeMarks(m: CellMetrics, part: TimePart = 'total'): Mark[] {
  const teacher = part !== 'student';
  const student = part !== 'teacher';
  const marks: Mark[] = [];
  if (teacher && m.time.teacher?.source === 'derived') marks.push('derived');
  if (teacher && m.time.teacher?.source === 'not-derivable') marks.push('not-derivable');
  if ((student && m.time.student.clock.interrupted > 0) || (teacher && (m.time.teacher?.clock.interrupted ?? 0) > 0)) marks.push('interrupted');
  if ((student && m.roles.student.cached > 0) || (teacher && (m.roles.teacher?.cached ?? 0) > 0)) marks.push('cached');
  if (student && m.items.redone > 0) marks.push('retried');
  if (!m.items.complete) marks.push('incomplete');
  return marks;
}

function statValue(group: RepeatGroup, pick: (m: CellMetrics) => number | null, digits: number, marks: (m: CellMetrics) => Mark[], unit: NumberValue['unit'] = ''): NumberValue {
  const stat = groupStat(group, pick);
  return num(stat.mean, digits, { unit, sd: stat.sd, marks: dedupeMarks(group.members.flatMap(marks)) });
}

export function accValue(group: RepeatGroup, rule: RuleName): NumberValue {
  return statValue(group, (m) => m.acc[rule].percent, 2, (m) => accMarks(m, 'answer', rule));
}

export function accTeacherValue(group: RepeatGroup, rule: RuleName): TableValue {
  if (representative(group).accTeacher === null) return DASH;
  return statValue(group, (m) => m.accTeacher?.[rule].percent ?? null, 2, (m) => accMarks(m, 'guidance', rule));
}

export function deltaValue(group: RepeatGroup, byId: ReadonlyMap<string, CellMetrics>): TableValue {
  if (representative(group).teacher === null) return DASH;
  return statValue(group, (m) => m.deltaAcc, 2, (m) => {
    const base = m.baselines.studentAlone === null ? undefined : byId.get(m.baselines.studentAlone);
    return [...accMarks(m), ...(base === undefined ? [] : accMarks(base))];
  });
}

export function timeValue(group: RepeatGroup): NumberValue {
  return statValue(group, (m) => m.time.totalSeconds, 2, (m) => timeMarks(m));
}

export function speedUpValue(group: RepeatGroup, byId: ReadonlyMap<string, CellMetrics>, against: 'serial' | 'same'): TableValue {
  if (representative(group).teacher === null) return DASH;
  const baselineOf = (m: CellMetrics) => (against === 'serial' ? m.baselines.teacherAlone : m.baselines.teacherAloneSameBatching);
  return statValue(
    group,
    (m) => (against === 'serial' ? m.speedUp : m.speedUpSameBatching),
    2,
    (m) => {
      const id = baselineOf(m);
      const base = id === null ? undefined : byId.get(id);
      return [...timeMarks(m), ...(base === undefined ? [] : timeMarks(base))];
    },
    '×',
  );
}

/** The Wilson interval of one cell; for repeats the sd stands in its place. */
export function intervalValue(group: RepeatGroup, rule: RuleName): TableValue {
  if (group.members.length !== 1) return DASH;
  const acc = representative(group).acc[rule];
  return interval(acc.low, acc.high, 1);
}

export function batchingLabel(batching: Batching | null): string {
  if (batching === null || batching.kind === 'serial') return 'serial';
  return `${batching.kind} ×${batching.size}`;
}

/** `Llama2-13B→Llama2-7B`, or the single model's label (with its batching when not serial). */
export function modelLabel(group: RepeatGroup): TextValue {
  const m = representative(group);
  const marks: Mark[] = m.simulated ? ['simulated'] : [];
  if (m.teacher !== null) return text(`${m.teacher.label}→${m.student.label}`, marks);
  const method = methodOf(m);
  if (method !== null) return text(`${method.teacher.label}→${method.student.label} ${method.name}`, marks);
  const batching = m.student.batching.kind === 'serial' ? '' : ` (${batchingLabel(m.student.batching)})`;
  return text(`${m.student.label}${batching}`, marks);
}

/** `40→300`, `40(concise)→300`, or the output length alone for a single model. */
export function lengthLabel(m: CellMetrics): string {
  if (m.teacher === null) return String(m.student.maxTokens);
  const projection = m.teacher.projection === 'cutoff' ? '' : `(${m.teacher.projection})`;
  return `${m.teacher.guidanceTokens}${projection}→${m.student.maxTokens}`;
}

/** A one-line name for a cell configuration, for tables listing many kinds of cell. */
export function configLabel(m: CellMetrics): string {
  const method = methodOf(m);
  if (method !== null) return `${m.dataset} ${method.teacher.label}→${method.student.label} ${method.name} ${m.student.maxTokens} ${m.shots}-shot`;
  const pair = m.teacher === null ? m.student.label : `${m.teacher.label}→${m.student.label}`;
  const batching = m.teacher === null && m.student.batching.kind !== 'serial' ? ` (${batchingLabel(m.student.batching)})` : '';
  return `${m.dataset} ${pair} ${lengthLabel(m)}${batching} ${m.shots}-shot`;
}

/** A hand-off, cascade or router's figures (a speculative server is labelled as the model it is). */
function methodOf(m: CellMetrics): NonNullable<CellMetrics['method']> | null {
  return m.method !== null && m.method.speculative === null ? m.method : null;
}

export function repeatsLabel(group: RepeatGroup): string {
  return group.members.length > 1 ? ` (n=${group.members.length})` : '';
}
