// The methods a GKT cell is compared with, as parts of a cell: hand-off policies, cascades, routers, speculative decoding.
import type { CascadeEscalation, HandoffPolicy, ModelRef, Router, RuleName, Sampling } from '../vocabulary.js';
import type { Cell } from './types.js';

/** The teacher of a method cell: who it is and how it decodes (a GKT cell's teacher lives in its pass instead). */
export interface MethodTeacher {
  model: ModelRef;
  sampling: Sampling;
}

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
