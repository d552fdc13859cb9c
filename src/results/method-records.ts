// The record shapes the methods add to a cell file: answer segments, samples, routing, acceptance figures, the vocabulary check.
import type { RuleName } from '../vocabulary.js';
import type { RecordedError, RequestTiming } from './records.js';

/** What every record of one answered request keeps, as an item's student record does. */
export interface RequestFacts {
  promptTokens: number | null;
  completionTokens: number | null;
  finishReason: string | null;
  /** The model id the server named in its response. */
  responseModel: string | null;
  timing: RequestTiming;
  attempts: number;
  cached: boolean;
}

/** A model's mean token log-probability over its answer block (the answer before any invented next question). */
export interface LogprobSummary {
  /** Null when the server reported no log-probabilities for those tokens. */
  mean: number | null;
  /** Tokens of the answer block, by the server's token boundaries. */
  tokens: number;
}

/** Draft tokens a speculative server proposed and the target accepted for one request (llama.cpp's `timings`). */
export interface DraftCounts {
  drafted: number;
  accepted: number;
}

/**
 * One stretch of a hand-off answer, written by one model in one request. The answer is its segments' texts
 * joined, and its tokens per role are their `tokens` summed: each counted by its writer's own tokenizer.
 */
export interface AnswerSegment extends RequestFacts {
  role: 'teacher' | 'student';
  /** What it adds to the answer. */
  text: string;
  /** Tokens of `text`: those the writer generated that are at least partly in it. */
  tokens: number;
  /** Tokens the request generated: `tokens`, and those cut off after them (paid for, not kept). */
  generated: number;
  /** boundaries: `tokens` counted from the server's token boundaries; usage: its completion count, with no cut made. */
  counted: 'boundaries' | 'usage';
  /**
   * Why it ends there: `turn` the policy's turn was over (the teacher's tokens written, a step end reached),
   * `low-confidence` at a student token below the threshold (that token is cut off), `window` a student
   * window written through, `stop` the model stopped (end of sequence, or the mode's stop), `budget` the
   * answer's token budget spent.
   */
  end: 'turn' | 'low-confidence' | 'window' | 'stop' | 'budget';
  /** The student token below the threshold that ended it: its log-probability and text (cut off). */
  lowToken?: { logprob: number; text: string };
}

export interface RoleTokens {
  teacher: number;
  student: number;
}

/** How a hand-off answer was written. */
export interface HandoffTrace {
  kind: 'handoff';
  segments: AnswerSegment[];
  /** Changes of writer. */
  handoffs: number;
  /** Tokens of the answer per role (the segments' `tokens` summed); `total` is their sum. */
  tokens: RoleTokens & { total: number };
  /** Tokens generated per role, those cut off included. */
  generated: RoleTokens;
  /**
   * budget: the answer's tokens reached the output length; max-handoffs: the cap on hand-offs was reached and the
   * student finished alone; stop: a model stopped; stalled: two turns in a row added nothing; failed: a
   * request failed (the item's error says which), and the segments are those written before it.
   */
  ended: 'budget' | 'max-handoffs' | 'stop' | 'stalled' | 'failed';
}

/** One student sample of a cascade. Sample 0 is asked exactly as the student alone is asked. */
export interface SampleRecord {
  index: number;
  /** Null when its request failed. */
  text: string | null;
  /** Its answer under the cascade's rule (null: none found, or the request failed). */
  answer: string | null;
  logprob: LogprobSummary | null;
  facts: RequestFacts | null;
  error: RecordedError | null;
}

/** How a cascade answered an item: the student's samples, and the teacher when they disagreed or doubted. */
export interface CascadeTrace {
  kind: 'cascade';
  samples: SampleRecord[];
  /** Share of the samples whose answer equals the first's (1 for a single sample). */
  agreement: number;
  escalated: boolean;
  /** Why it went to the teacher. */
  reason: 'disagree' | 'low-confidence' | null;
  /** The teacher's answer, when escalated. */
  teacher: (RequestFacts & { text: string }) | null;
  /** Tokens generated per role: every sample's, and the teacher's. */
  generated: RoleTokens;
  /** ms from the first sample's start to the last request's end, on the session's clock. */
  itemMs: number;
}

/** How a router answered an item, from records of the student and teacher alone. */
export interface RouteTrace {
  kind: 'route';
  to: 'student' | 'teacher';
  /** The signal's value for this item (null for oracle and random routers, or when it was not recorded). */
  signal: number | null;
  /** The records read: cell ids of the student's answer and of the teacher's. */
  from: { student: string; teacher: string };
  /** Each side as recorded, whichever was chosen: what any other threshold would have cost. */
  sides: { student: RouteSide; teacher: RouteSide };
  /**
   * What the item costs the router, from the records' request times: the chosen model's for oracle and random
   * routers; for a signal read from the student's answer, the student's (which had to run) and the teacher's
   * when the item goes on to it. Null when a time it needs was not measured (served from the cache).
   */
  ms: number | null;
  /** Tokens generated per role, counted as `ms` is. */
  generated: RoleTokens;
}

/** One side of a router's choice, from its record: its requests' time (null: not measured), tokens, and verdict under each rule. */
export interface RouteSide {
  ms: number | null;
  promptTokens: number;
  generated: number;
  /** Whether its answer is right under each rule (a failed request is wrong). */
  right: Record<RuleName, boolean>;
}

export type MethodTrace = HandoffTrace | CascadeTrace | RouteTrace;

/**
 * A speculative server's acceptance counters over a phase (vLLM's Prometheus /metrics, differenced from
 * the phase's start to its end). Server-wide: other traffic on that server in the meantime counts too.
 */
export interface AcceptanceRecord {
  type: 'acceptance';
  session: string;
  url: string;
  drafts: number;
  draftTokens: number;
  acceptedTokens: number;
  /** Wall clock, ISO 8601, of the second reading. */
  wall: string;
}

/** Whether a speculative server and its draft model tokenize alike, asked of both servers' /tokenize. */
export interface VocabularyRecord {
  type: 'vocabulary';
  session: string;
  /** The config key of the model serving the draft alone, or null when the config names none. */
  draft: string | null;
  result: 'same' | 'different' | 'unchecked';
  /** What was compared, or why nothing could be. */
  detail: string;
  wall: string;
}
