// The numbers a report gives for one cell: every column of every table is read from here.
import type { Batching, CellKind, DatasetName, Mode, ModelKey, Projection, PromptFormat, RuleName, Sampling } from '../vocabulary.js';
import type { PhaseTime } from './teacher-time.js';
import type { MethodFigures } from './methods/method-figures.js';
import type { RoutingFigures } from './methods/routing.js';

export interface RuleAccuracy {
  correct: number;
  /** The items planned for the cell: failed and missing items count as wrong. */
  total: number;
  /** 100 × correct / total. */
  percent: number;
  /** Wilson 95% interval, in percent. */
  low: number;
  high: number;
  /** Answered items where the rule found no answer. */
  noAnswer: number;
  /** Answered items where the reference rule's random fallback fired. */
  fallbacks: number;
}

export interface Distribution {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

export interface TokenCount {
  sum: number;
  mean: number | null;
  /** Requests that reported a count. */
  reported: number;
}

export interface RoleStats {
  /** The config key of the model in this role. */
  model: ModelKey;
  requests: number;
  promptTokens: TokenCount;
  completionTokens: TokenCount;
  /** Per-request latency in ms (for guidance cut from a longer pass: until token N arrived). */
  latencyMs: Distribution;
  /** Time to first token in ms, over streamed requests. */
  ttftMs: Distribution;
  /** Output tokens per second of phase wall time. */
  throughput: number | null;
  cached: number;
  /** A reasoning model's thinking tokens (part of its tokens out); null when it has no thinking segment. */
  thinkingTokens: TokenCount | null;
}

export interface McNemarSummary {
  baseline: string;
  /** Items both cells have. */
  n: number;
  /** GKT right, baseline wrong. */
  b: number;
  /** GKT wrong, baseline right. */
  c: number;
  p: number;
}

export interface CellMetrics {
  id: string;
  label: string;
  kind: CellKind;
  dataset: DatasetName;
  format: PromptFormat;
  shots: number;
  /** The exemplars and the dataset file, by content: cells of other prompts or files are never pooled. */
  promptSha256: string;
  datasetSha256: string;
  /** Decoding of each role: greedy and sampled cells are never pooled as repeats. */
  sampling: { student: Sampling; teacher: Sampling | null };
  mode: Mode;
  repeat: number;
  seed: number;
  /** `model`: the config key (these fields are part of report.json, so keep their names). */
  teacher: { model: ModelKey; label: string; guidanceTokens: number; projection: Projection; pass: string; batching: Batching | null } | null;
  student: { model: ModelKey; label: string; maxTokens: number; batching: Batching };
  simulated: boolean;
  /** Whether a model of the cell spoke through a chat template (its tables then show today's answer formats too). */
  chat: boolean;
  items: { planned: number; present: number; missing: number; answered: number; complete: boolean; duplicates: number; redone: number };
  errors: { total: number; byKind: Record<string, number>; byRole: { teacher: number; student: number } };
  /** The headline rule. */
  rule: RuleName;
  acc: Record<RuleName, RuleAccuracy>;
  /** Each rule on the guidance alone; null for single-model cells. */
  accTeacher: Record<RuleName, RuleAccuracy> | null;
  rescore: {
    applied: boolean;
    /** Why the stored answers were used instead, when they were. */
    reason: string | null;
    /** Items whose re-extracted answer or verdict differs from the stored one, per rule. */
    changed: Record<RuleName, number>;
    teacherChanged: Record<RuleName, number>;
  };
  time: {
    teacher: PhaseTime | null;
    student: PhaseTime;
    /** GKT: teacher + student phase; single model: its phase. */
    totalSeconds: number | null;
    /** Responses served from the cache: their times are not measurements. */
    cachedItems: number;
  };
  roles: { teacher: RoleStats | null; student: RoleStats };
  guidance: { meanTokens: number | null; meanBytes: number | null } | null;
  /** Mean UTF-8 bytes of the whole answer (guidance + continuation) over answered items. */
  answerBytes: number | null;
  baselines: { studentAlone: string | null; teacherAlone: string | null; teacherAloneSameBatching: string | null };
  deltaAcc: number | null;
  /** Against the teacher alone, one request at a time (the paper's baseline). */
  speedUp: number | null;
  /** Against the teacher alone under the teacher pass's own batching. */
  speedUpSameBatching: number | null;
  mcnemar: McNemarSummary | null;
  /** A hand-off, cascade, router or speculative server's own figures; null for GKT cells and other single models. */
  method: MethodFigures | null;
  /**
   * Every cell but a plain single model, against both models alone (one request at a time): the cells
   * compared with, exact McNemar tests on the items both have, and Speed Up against the teacher alone.
   */
  versus: Versus | null;
}

export interface Versus {
  studentAlone: string | null;
  teacherAlone: string | null;
  student: McNemarSummary | null;
  teacher: McNemarSummary | null;
  speedUp: number | null;
  /** A router's oracle (judged under the headline rule), threshold sweep or expected accuracy. */
  routing: RoutingFigures | null;
}
