// The rows of the Methods table, grouped by pair and setting: every method beside the student and teacher alone, and its Pareto front.
import { paretoFront } from '../figures/pareto.js';
import { priceFor, type PriceTable } from '../prices.js';
import { wilsonInterval } from '../statistics.js';
import type { CellCost } from '../cost.js';
import type { CellMetrics, McNemarSummary } from '../metrics-types.js';
import type { ModelInfo } from '../run-data.js';
import type { RoutePoint } from './routing.js';

export type MethodRowKind = 'student alone' | 'teacher alone' | 'gkt' | 'handoff' | 'cascade' | 'route' | 'speculative';

export interface MethodRow {
  /** The cell the row's numbers come from. */
  id: string;
  kind: MethodRowKind;
  method: string;
  metrics: CellMetrics;
  acc: number;
  low: number;
  high: number;
  seconds: number | null;
  speedUp: number | null;
  /** Teacher tokens over all tokens generated, in percent. */
  teacherShare: number | null;
  handoffs: number | null;
  /** Items sent to the teacher (cascades, routers), in percent. */
  toTeacher: number | null;
  cost: number | null;
  vsStudent: McNemarSummary | null;
  vsTeacher: McNemarSummary | null;
  /** On the Pareto front of its group: no other row is at least as fast and as accurate, and better at one. */
  front: boolean;
  note: string;
}

export interface MethodGroup {
  /** `GSM8K · SimT→SimS · L=300 · 8-shot`. */
  title: string;
  dataset: string;
  rows: MethodRow[];
}

const ORDER: MethodRowKind[] = ['student alone', 'teacher alone', 'gkt', 'handoff', 'cascade', 'route', 'speculative'];

function kindOf(m: CellMetrics): MethodRowKind | null {
  if (m.kind === 'gkt' || m.kind === 'handoff' || m.kind === 'cascade' || m.kind === 'route') return m.kind;
  return m.method?.speculative ? 'speculative' : null;
}

/** The pair a cell belongs to: a speculative server joins every pair of its teacher. */
function pairOf(m: CellMetrics): { teacher: string; student: string | null } | null {
  if (m.teacher !== null) return { teacher: m.teacher.model, student: m.student.model };
  if (m.method?.speculative) return { teacher: m.method.speculative.teacher, student: null };
  if (m.method !== null) return { teacher: m.method.teacher.model, student: m.method.student.model };
  return null;
}

const setting = (m: CellMetrics): string => [m.dataset, m.datasetSha256, m.promptSha256, m.mode, m.repeat, m.seed, m.student.maxTokens].join('\u0000');

const share = (teacher: number, student: number): number | null => (teacher + student === 0 ? null : (100 * teacher) / (teacher + student));

/** Token prices where the model has them, else GPU-hours of its requests' time; null when unpriced or unknown. */
function priceUse(model: string, use: { promptTokens: number; generated: number; seconds: number | null }, prices: PriceTable, models: ReadonlyMap<string, ModelInfo>): number | null {
  const price = priceFor(prices, models.get(model), model);
  if (price === null) return null;
  if (price.inputPer1k !== null || price.outputPer1k !== null) return (use.promptTokens / 1000) * (price.inputPer1k ?? 0) + (use.generated / 1000) * (price.outputPer1k ?? 0);
  return price.gpuHour === null || use.seconds === null ? null : (use.seconds / 3600) * price.gpuHour;
}

function sumCosts(parts: Array<number | null>): number | null {
  return parts.some((p) => p === null) ? null : parts.reduce<number>((a, b) => a + b!, 0);
}

function baseRow(m: CellMetrics, kind: MethodRowKind, method: string, rule: CellMetrics['rule'], cost: number | null): MethodRow {
  const acc = m.acc[rule];
  return {
    id: m.id, kind, method, metrics: m, acc: acc.percent, low: acc.low, high: acc.high, seconds: m.time.totalSeconds,
    speedUp: m.versus?.speedUp ?? null, teacherShare: null, handoffs: null, toTeacher: null, cost,
    vsStudent: m.versus?.student ?? null, vsTeacher: m.versus?.teacher ?? null, front: false, note: '',
  };
}

/** A route's point (the oracle's, judged under the headline rule) in place of its recorded choices. */
function routePoint(row: MethodRow, point: RoutePoint, planned: number): MethodRow {
  const interval = wilsonInterval(point.correct, planned);
  return { ...row, acc: point.acc, low: 100 * interval.low, high: 100 * interval.high, seconds: point.seconds, teacherShare: share(point.generated.teacher, point.generated.student), toTeacher: planned === 0 ? null : (100 * point.toTeacher) / planned };
}

interface RowInput {
  rule: CellMetrics['rule'];
  prices: PriceTable;
  models: ReadonlyMap<string, ModelInfo>;
  costs: ReadonlyMap<string, CellCost>;
  byId: ReadonlyMap<string, CellMetrics>;
}

function methodRow(m: CellMetrics, kind: MethodRowKind, input: RowInput): MethodRow {
  const { rule } = input;
  const figures = m.method;
  if (kind === 'gkt' && m.teacher !== null) {
    const projection = m.teacher.projection === 'cutoff' ? '' : ` ${m.teacher.projection}`;
    const row = baseRow(m, kind, `GKT prefix(${m.teacher.guidanceTokens})${projection}`, rule, input.costs.get(m.id)?.total ?? null);
    return { ...row, teacherShare: share(m.roles.teacher?.completionTokens.sum ?? 0, m.roles.student.completionTokens.sum) };
  }
  if (figures === null) return baseRow(m, kind, m.label, rule, null);
  const cost = sumCosts([priceUse(figures.teacher.model, figures.teacher, input.prices, input.models), priceUse(figures.student.model, figures.student, input.prices, input.models)]);
  if (kind === 'speculative' && figures.speculative) {
    const row = baseRow(m, kind, figures.name, rule, input.costs.get(m.id)?.total ?? null);
    const alone = m.versus?.teacherAlone === null || m.versus === null ? undefined : input.byId.get(m.versus.teacherAlone);
    const delta = alone === undefined ? null : m.acc[rule].percent - alone.acc[rule].percent;
    const s = figures.speculative;
    const acceptance = s.drafted === null || s.accepted === null || s.drafted === 0 ? 'acceptance not reported' : `${((100 * s.accepted) / s.drafted).toFixed(1)}% of ${s.drafted} draft tokens accepted (${s.source === 'metrics' ? '/metrics' : 'per request'})`;
    const vocabulary = s.vocabulary === null ? 'vocabulary not checked' : `vocabulary ${s.vocabulary.result}`;
    return { ...row, teacherShare: 100, note: `lossless: Δ ACC against the teacher alone ${delta === null ? '–' : `${delta >= 0 ? '+' : ''}${delta.toFixed(2)}`}; ${acceptance}; ${vocabulary}` };
  }
  const row = baseRow(m, kind, figures.name, rule, cost);
  const shared = { ...row, teacherShare: share(figures.teacher.generated, figures.student.generated) };
  if (kind === 'handoff') {
    const t = figures.handoffs?.answerTokens;
    return { ...shared, handoffs: figures.handoffs?.mean ?? null, note: t === undefined ? '' : `answer tokens: teacher ${t.teacher}, student ${t.student}` };
  }
  const toTeacher = figures.escalated === null || figures.escalated.of === 0 ? null : (100 * figures.escalated.count) / figures.escalated.of;
  const withRate = { ...shared, toTeacher };
  const routing = m.versus?.routing ?? null;
  if (kind === 'route' && routing?.oracle) return { ...routePoint(withRate, routing.oracle, m.items.planned), note: `judged under the ${rule} rule` };
  if (kind === 'route' && routing?.expectedAcc != null) return { ...withRate, note: `expected at this rate: ${routing.expectedAcc.toFixed(2)}` };
  if (kind === 'cascade' && figures.failedSamples > 0) return { ...withRate, note: `${figures.failedSamples} sample requests failed (sent on to the teacher)` };
  return withRate;
}

/** Groups of rows, one per pair and setting, each with the student and teacher alone first and its Pareto front marked. */
export function methodGroups(metrics: readonly CellMetrics[], input: RowInput): MethodGroup[] {
  const groups = new Map<string, { first: CellMetrics; teacher: string; student: string | null; members: CellMetrics[] }>();
  const speculative: CellMetrics[] = [];
  for (const m of metrics) {
    const kind = kindOf(m);
    const pair = pairOf(m);
    if (kind === null || pair === null) continue;
    if (kind === 'speculative') {
      speculative.push(m);
      continue;
    }
    const key = `${setting(m)}\u0000${pair.teacher}\u0000${pair.student ?? ''}`;
    const group = groups.get(key) ?? { first: m, teacher: pair.teacher, student: pair.student, members: [] };
    group.members.push(m);
    groups.set(key, group);
  }
  for (const m of speculative) {
    const teacher = m.method?.speculative?.teacher;
    for (const group of groups.values()) if (group.teacher === teacher && setting(group.first) === setting(m)) group.members.push(m);
  }
  return [...groups.values()].map((group) => {
    const { first } = group;
    const aloneRows: MethodRow[] = [];
    const studentAlone = first.versus?.studentAlone == null ? undefined : input.byId.get(first.versus.studentAlone);
    const teacherAlone = first.versus?.teacherAlone == null ? undefined : input.byId.get(first.versus.teacherAlone);
    if (studentAlone) aloneRows.push({ ...baseRow(studentAlone, 'student alone', 'student alone', input.rule, input.costs.get(studentAlone.id)?.total ?? null), teacherShare: 0 });
    if (teacherAlone) aloneRows.push({ ...baseRow(teacherAlone, 'teacher alone', 'teacher alone', input.rule, input.costs.get(teacherAlone.id)?.total ?? null), teacherShare: 100, speedUp: 1 });
    const rows = [...aloneRows, ...group.members.map((m) => methodRow(m, kindOf(m)!, input))]
      .sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
    const timed = rows.filter((r) => r.seconds !== null);
    const front = paretoFront(timed.map((r) => ({ seconds: r.seconds!, acc: r.acc })));
    timed.forEach((r, i) => (r.front = front[i] === true));
    const teacherLabel = teacherAlone?.student.label ?? group.teacher;
    const studentLabel = studentAlone?.student.label ?? group.student ?? '';
    return {
      title: `${first.dataset} · ${teacherLabel}→${studentLabel} · L=${first.student.maxTokens} · ${first.shots}-shot${first.repeat > 0 ? ` · repeat ${first.repeat}` : ''}`,
      dataset: first.dataset,
      rows,
    };
  });
}
