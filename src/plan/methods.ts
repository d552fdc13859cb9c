// The methods a GKT cell is compared with, as parts of a cell: hand-off policies, cascades, routers, speculative decoding.
import type { RuleName } from '../extract/types.js';
import type { Sampling } from '../models/types.js';
import type { Cell, ModelRef } from './types.js';

/**
 * How a hand-off cell passes one answer between its two models. Only text passes, so the two may use
 * different tokenizers; each counts its own tokens.
 */
export type HandoffPolicy =
  /**
   * FoReaL-Decoding's shape: after every step end the teacher writes `teacherTokens` tokens (the step end
   * the student stopped before, then the start of the next step); the student writes the rest of the step,
   * up to the next step end.
   */
  | { name: 'per-step'; teacherTokens: number; stepEnds: string[] }
  /**
   * R-Stitch's shape: the student writes, `window` tokens a request; at its first token whose
   * log-probability is below `threshold` the teacher writes the next `teacherTokens` tokens instead.
   */
  | { name: 'confidence'; threshold: number; teacherTokens: number; window: number };

/** The teacher of a method cell: who it is and how it decodes (a GKT cell's teacher lives in its pass instead). */
export interface MethodTeacher {
  model: ModelRef;
  sampling: Sampling;
}

/** Signals a router reads from the student's recorded answer, each pointing the same way: more doubt, more teacher. */
export const ROUTE_SIGNALS = ['logprob', 'agreement', 'length'] as const;
export type RouteSignal = (typeof ROUTE_SIGNALS)[number];

export type Router =
  /** Each item to the teacher only when the student is wrong and the teacher right: the upper bound. */
  | { name: 'oracle' }
  /** Each item to the teacher with probability `rate`, drawn from `seed` and the item. */
  | { name: 'random'; rate: number; seed: number }
  /**
   * To the teacher when the signal says doubt: the student's mean token log-probability below the threshold,
   * its k samples' agreement with its first answer below it, or its answer longer than it (tokens).
   */
  | { name: 'threshold'; signal: RouteSignal; threshold: number };

export const CASCADE_ESCALATIONS = ['disagree', 'confidence', 'either'] as const;
export type CascadeEscalation = (typeof CASCADE_ESCALATIONS)[number];

/** What makes a cell other than GKT or a single model; absent on those, so their ids are as before. */
export type CellMethod =
  | { kind: 'handoff'; teacher: MethodTeacher; policy: HandoffPolicy; maxHandoffs: number }
  | {
      kind: 'cascade';
      teacher: MethodTeacher;
      /** Student samples per item; sample 0 is asked exactly as the student alone is. */
      samples: number;
      escalate: CascadeEscalation;
      /** Escalate when the first sample's mean token log-probability is below it (confidence, either). */
      threshold: number | null;
      /** The extraction rule whose answers are compared for agreement. */
      rule: RuleName;
    }
  | {
      kind: 'route';
      teacher: { model: ModelRef };
      router: Router;
      /**
       * The cells whose records it reads: the student alone and the teacher alone (one request at a time), and
       * for the agreement signal the cascade whose k samples it counts (its first sample is then the student's answer).
       */
      sources: { student: string; teacher: string; samples: string | null };
      /** The rule agreement compares answers under. */
      rule: RuleName;
      /** Samples the agreement signal counts. */
      samples: number | null;
    };

/** A model entry that is a teacher served with a draft model: speculative decoding, lossless against `teacher`. */
export interface SpeculativeRef {
  /** The config key of the teacher it serves. */
  teacher: string;
  /** The draft model as the server's flags name it (a path or a model id), when known. */
  draft: string | null;
  draftTokens: number;
}

/** The models a cell's own requests go to: both for a hand-off or a cascade, none for a router (it reads records). */
export function cellModels(cell: Cell): string[] {
  const method = cell.method;
  if (method === undefined) return [cell.student.model.name];
  if (method.kind === 'route') return [];
  return [cell.student.model.name, method.teacher.model.name];
}

/** What a method cell is, in a few words: `per-step(8)`, `cascade(3 disagree)`, `route oracle`. */
export function methodName(method: CellMethod): string {
  switch (method.kind) {
    case 'handoff': {
      const p = method.policy;
      return p.name === 'per-step' ? `per-step(${p.teacherTokens})` : `confidence(${p.threshold}, ${p.teacherTokens})`;
    }
    case 'cascade': {
      const conf = `conf<${String(method.threshold)}`;
      const what = method.escalate === 'disagree' ? 'disagree' : method.escalate === 'confidence' ? conf : `disagree|${conf}`;
      return `cascade(${method.samples} ${what})`;
    }
    case 'route': {
      const r = method.router;
      if (r.name === 'oracle') return 'route oracle';
      if (r.name === 'random') return `route random(${r.rate})`;
      const direction = r.signal === 'length' ? '>' : '<';
      return `route ${r.signal}${direction}${r.threshold}${method.samples === null ? '' : ` (${method.samples} samples)`}`;
    }
  }
}
