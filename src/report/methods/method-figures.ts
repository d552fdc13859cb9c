// A method cell's own figures, counted as its records stream past: each role's requests and tokens, hand-offs, escalations, routes, acceptance.
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

const use = (model: string): RoleUse => ({ model, label: model, requests: 0, promptTokens: 0, generated: 0, seconds: 0 });

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

/**
 * A method cell's figures, counted as its records stream past: per item a few sums, and a router's
 * choices (what its threshold sweep reads). Null for GKT cells and single models other than speculative
 * servers: their figures are the report's usual ones.
 */
export function methodTally(cell: Cell): MethodTally | null {
  const speculative = cell.student.model.speculative;
  if (cell.method === undefined && speculative === undefined) return null;
  return new MethodTally(cell);
}

export class MethodTally {
  private readonly teacher: RoleUse;
  private readonly student: RoleUse;
  private failedSamples = 0;
  private handoffs = { total: 0, count: 0 };
  private readonly answerTokens = { teacher: 0, student: 0 };
  private escalated = 0;
  private decided = 0;
  private readonly items: RouteItem[] = [];
  private routeSeconds: number | null = 0;
  private readonly draft = { drafted: 0, accepted: 0, counted: 0 };
  private readonly acceptance = { drafted: 0, accepted: 0, counted: 0 };
  private vocabulary: VocabularyRecord | null = null;

  constructor(private readonly cell: Cell) {
    const speculative = cell.student.model.speculative;
    this.teacher = use(cell.method?.teacher.model.name ?? speculative?.teacher ?? cell.student.model.name);
    this.student = use(cell.student.model.name);
  }

  /** A speculative server's figures beside the records: its acceptance counters and the vocabulary check (the last one stands). */
  note(line: AcceptanceRecord | VocabularyRecord): void {
    if (line.type === 'vocabulary') {
      this.vocabulary = line;
      return;
    }
    this.acceptance.drafted += line.draftTokens;
    this.acceptance.accepted += line.acceptedTokens;
    this.acceptance.counted += 1;
  }

  /** The record that stands for an item. */
  add(record: ItemRecord): void {
    const draft = record.student?.draft;
    if (draft !== undefined) {
      this.draft.drafted += draft.drafted;
      this.draft.accepted += draft.accepted;
      this.draft.counted += 1;
    }
    const trace = record.method;
    if (trace === undefined) return;
    if (trace.kind === 'handoff') {
      for (const segment of trace.segments) addRequest(this[segment.role], segment);
      this.answerTokens.teacher += trace.tokens.teacher;
      this.answerTokens.student += trace.tokens.student;
      if (record.error === null) {
        this.handoffs.total += trace.handoffs;
        this.handoffs.count += 1;
      }
    } else if (trace.kind === 'cascade') {
      for (const sample of trace.samples) {
        if (sample.facts !== null) addRequest(this.student, sample.facts);
        else this.failedSamples += 1;
      }
      if (trace.teacher !== null) addRequest(this.teacher, trace.teacher);
      this.decided += 1;
      if (trace.escalated) this.escalated += 1;
    } else {
      this.items.push({ item: record.item, to: trace.to, signal: trace.signal, student: trace.sides.student, teacher: trace.sides.teacher });
      this.decided += 1;
      if (trace.to === 'teacher') this.escalated += 1;
      this.routeSeconds = this.routeSeconds === null || trace.ms === null ? null : this.routeSeconds + trace.ms / 1000;
      const charge = (role: RoleUse, side: RouteSide) => {
        role.requests += 1;
        role.promptTokens += side.promptTokens;
        role.generated += side.generated;
        role.seconds = role.seconds === null || side.ms === null ? null : role.seconds + side.ms / 1000;
      };
      // A router reading the student's answer paid for it on every item; oracle and random ones for the model chosen.
      const method = this.cell.method;
      if ((method?.kind === 'route' && method.router.name === 'threshold') || trace.to === 'student') charge(this.student, trace.sides.student);
      if (trace.to === 'teacher') charge(this.teacher, trace.sides.teacher);
    }
  }

  /** `label`: a model's display label, by its config key. */
  figures(label: (model: string) => string): MethodFigures {
    const { cell } = this;
    const speculative = cell.student.model.speculative;
    const figures: MethodFigures = {
      name: nameOf(cell),
      teacher: { ...this.teacher, label: label(this.teacher.model) },
      student: { ...this.student, label: label(this.student.model) },
      handoffs: null,
      escalated: null,
      failedSamples: this.failedSamples,
      route: null,
      speculative: null,
    };
    if (speculative !== undefined) return { ...figures, speculative: this.speculativeFigures(speculative.teacher) };
    const kind = cell.method?.kind;
    return {
      ...figures,
      handoffs: kind === 'handoff' ? { mean: this.handoffs.count === 0 ? null : this.handoffs.total / this.handoffs.count, answerTokens: this.answerTokens } : null,
      escalated: kind === 'cascade' || kind === 'route' ? { count: this.escalated, of: this.decided } : null,
      route: kind === 'route' ? { seconds: this.routeSeconds, items: this.items } : null,
    };
  }

  /** Per-request draft counts where the server gave them (llama.cpp), else its /metrics counters over the phases. */
  private speculativeFigures(teacher: string): MethodFigures['speculative'] {
    const vocabulary = this.vocabulary;
    if (this.draft.counted > 0) return { teacher, drafted: this.draft.drafted, accepted: this.draft.accepted, source: 'per-request', vocabulary };
    if (this.acceptance.counted > 0) return { teacher, drafted: this.acceptance.drafted, accepted: this.acceptance.accepted, source: 'metrics', vocabulary };
    return { teacher, drafted: null, accepted: null, source: null, vocabulary };
  }
}
