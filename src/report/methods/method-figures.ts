// A method cell's own figures, summed from its records: each role's requests and tokens, hand-offs, escalations, routes, acceptance.
import { methodName } from '../../plan/methods.js';
import type { Cell } from '../../plan/types.js';
import type { AcceptanceRecord, RouteSide, VocabularyRecord } from '../../results/method-records.js';
import type { ItemRecord, RequestTiming } from '../../results/records.js';

/** What one role's requests came to over a cell's items. */
export interface RoleUse {
  /** The model's config key and display label. */
  model: string;
  label: string;
  requests: number;
  promptTokens: number;
  generated: number;
  /** Summed request time; null when a request's time was not measured (served from the cache). */
  seconds: number | null;
}

/** One item of a router, as the threshold sweep reads it. */
export interface RouteItem {
  item: string;
  to: 'student' | 'teacher';
  signal: number | null;
  student: RouteSide;
  teacher: RouteSide;
}

export interface MethodFigures {
  /** What the method is, in a few words: `per-step(8)`, `cascade(3 disagree)`, `route oracle`, `speculative (draft 5)`. */
  name: string;
  teacher: RoleUse;
  student: RoleUse;
  /** Hand-offs: per item (mean over answered items), and the answer's tokens per role summed (segment accounting). */
  handoffs: { mean: number | null; answerTokens: { teacher: number; student: number } } | null;
  /** Cascades: items sent to the teacher; routers: items routed to it. `of`: items with a decision. */
  escalated: { count: number; of: number } | null;
  /** Student samples whose request failed (cascades). */
  failedSamples: number;
  /** Routers: each item's choice and both sides, for the sweep; the items' summed time (null if any is unmeasured). */
  route: { seconds: number | null; items: RouteItem[] } | null;
  /** A speculative server: draft tokens and those accepted, from its per-request counts or its /metrics counters. */
  speculative: {
    teacher: string;
    drafted: number | null;
    accepted: number | null;
    source: 'per-request' | 'metrics' | null;
    vocabulary: VocabularyRecord | null;
  } | null;
}

const use = (model: string, label: (name: string) => string): RoleUse => ({ model, label: label(model), requests: 0, promptTokens: 0, generated: 0, seconds: 0 });

/** What the method is, in a few words. */
function nameOf(cell: Cell): string {
  const speculative = cell.student.model.speculative;
  if (cell.method !== undefined) return methodName(cell.method);
  return `speculative decoding (draft ${speculative?.draftTokens ?? '?'})`;
}

function addRequest(role: RoleUse, request: { promptTokens: number | null; completionTokens: number | null; timing: RequestTiming | null; cached: boolean }): void {
  role.requests += 1;
  role.promptTokens += request.promptTokens ?? 0;
  role.generated += request.completionTokens ?? 0;
  role.seconds = role.seconds === null || request.cached || request.timing === null ? null : role.seconds + (request.timing.end - request.timing.start) / 1000;
}

/** Null for GKT cells and single models other than speculative servers: their figures are the report's usual ones. */
export function methodFigures(
  cell: Cell,
  records: readonly ItemRecord[],
  notes: ReadonlyArray<AcceptanceRecord | VocabularyRecord>,
  label: (model: string) => string = (model) => model,
): MethodFigures | null {
  const speculative = cell.student.model.speculative;
  if (cell.method === undefined && speculative === undefined) return null;
  const teacherModel = cell.method?.teacher.model.name ?? speculative?.teacher ?? cell.student.model.name;
  const figures: MethodFigures = {
    name: nameOf(cell),
    teacher: use(teacherModel, label),
    student: use(cell.student.model.name, label),
    handoffs: null,
    escalated: null,
    failedSamples: 0,
    route: null,
    speculative: null,
  };
  if (speculative !== undefined) return { ...figures, speculative: speculativeFigures(speculative.teacher, records, notes) };
  const handoffs: number[] = [];
  const answerTokens = { teacher: 0, student: 0 };
  let escalated = 0;
  let decided = 0;
  const items: RouteItem[] = [];
  let routeSeconds: number | null = 0;
  for (const record of records) {
    const trace = record.method;
    if (trace === undefined) continue;
    if (trace.kind === 'handoff') {
      for (const segment of trace.segments) addRequest(figures[segment.role], segment);
      answerTokens.teacher += trace.tokens.teacher;
      answerTokens.student += trace.tokens.student;
      if (record.error === null) handoffs.push(trace.handoffs);
    } else if (trace.kind === 'cascade') {
      for (const sample of trace.samples) {
        if (sample.facts !== null) addRequest(figures.student, sample.facts);
        else figures.failedSamples += 1;
      }
      if (trace.teacher !== null) addRequest(figures.teacher, trace.teacher);
      decided += 1;
      if (trace.escalated) escalated += 1;
    } else {
      items.push({ item: record.item, to: trace.to, signal: trace.signal, student: trace.sides.student, teacher: trace.sides.teacher });
      decided += 1;
      if (trace.to === 'teacher') escalated += 1;
      routeSeconds = routeSeconds === null || trace.ms === null ? null : routeSeconds + trace.ms / 1000;
      const charge = (role: RoleUse, side: RouteSide, generated: number) => {
        role.requests += 1;
        role.promptTokens += side.promptTokens;
        role.generated += generated;
        role.seconds = role.seconds === null || side.ms === null ? null : role.seconds + side.ms / 1000;
      };
      // A router reading the student's answer paid for it on every item; oracle and random ones for the model chosen.
      const method = cell.method;
      if ((method?.kind === 'route' && method.router.name === 'threshold') || trace.to === 'student') charge(figures.student, trace.sides.student, trace.sides.student.generated);
      if (trace.to === 'teacher') charge(figures.teacher, trace.sides.teacher, trace.sides.teacher.generated);
    }
  }
  const kind = cell.method?.kind;
  return {
    ...figures,
    handoffs: kind === 'handoff' ? { mean: handoffs.length === 0 ? null : handoffs.reduce((a, b) => a + b, 0) / handoffs.length, answerTokens } : null,
    escalated: kind === 'cascade' || kind === 'route' ? { count: escalated, of: decided } : null,
    route: kind === 'route' ? { seconds: routeSeconds, items } : null,
  };
}

/** Per-request draft counts where the server gave them (llama.cpp), else its /metrics counters over the phases. */
function speculativeFigures(teacher: string, records: readonly ItemRecord[], notes: ReadonlyArray<AcceptanceRecord | VocabularyRecord>): MethodFigures['speculative'] {
  const counted = records.flatMap((r) => (r.student?.draft === undefined ? [] : [r.student.draft]));
  const acceptance = notes.filter((n): n is AcceptanceRecord => n.type === 'acceptance');
  const vocabulary = notes.filter((n): n is VocabularyRecord => n.type === 'vocabulary').at(-1) ?? null;
  if (counted.length > 0) {
    return { teacher, drafted: counted.reduce((n, d) => n + d.drafted, 0), accepted: counted.reduce((n, d) => n + d.accepted, 0), source: 'per-request', vocabulary };
  }
  if (acceptance.length > 0) {
    return { teacher, drafted: acceptance.reduce((n, a) => n + a.draftTokens, 0), accepted: acceptance.reduce((n, a) => n + a.acceptedTokens, 0), source: 'metrics', vocabulary };
  }
  return { teacher, drafted: null, accepted: null, source: null, vocabulary };
}
