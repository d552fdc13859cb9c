// The words gkt measures with, each defined once (paper Sections 2–4; ../shared/PROTOCOL.md) and imported from here.

// ── Datasets ────────────────────────────────────────────────────────────────────────────────────────

/** The benchmarks of the paper: GSM8K (test, 1319 items) and CommonsenseQA (dev, 1221 items). */
export const DATASET_NAMES = ['gsm8k', 'csqa'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

// ── Prompts ─────────────────────────────────────────────────────────────────────────────────────────

/** Manual-CoT exemplars and framing. reference: the GKT code's; wei: the Wei et al. / lm-eval framing. */
export const PROMPT_FORMATS = ['reference', 'wei'] as const;
export type PromptFormat = (typeof PROMPT_FORMATS)[number];

/**
 * Projection F (paper 4.2), how the teacher's answer becomes guidance. cutoff: its first N tokens;
 * concise and hint: its prompt opens with an instruction asking for a brief answer or a hint.
 */
export const PROJECTIONS = ['cutoff', 'concise', 'hint'] as const;
export type Projection = (typeof PROJECTIONS)[number];

/** faithful: no stop sequence, full output length (the reference code); practical: stop at `\nQ:`. */
export const MODES = ['faithful', 'practical'] as const;
export type Mode = (typeof MODES)[number];

// ── Lengths ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * The guidance length N: how many of its own tokens the teacher writes before the student takes over
 * (paper: 10–50). In plans and records, `teacher.guidanceTokens`; in configs, the `guidance` lists.
 */
export type GuidanceLength = number;

/**
 * The output length L: the most new tokens the student (or a model alone) may write (paper: 100, 200,
 * 300). In plans and records, `student.maxTokens`; in configs, the `outputLengths` lists.
 */
export type OutputLength = number;

// ── Models ──────────────────────────────────────────────────────────────────────────────────────────

/** A model as a config names it: the key of `models` in the sweep config, e.g. `llama2-13b`. */
export type ModelKey = string;

/** The model id a server serves: listed by `/v1/models` and sent as the request's `model` field. */
export type ServedModel = string;

/** The model id a response names (its `model` field); records keep it as `responseModel`. */
export type ResponseModel = string;

/** A model entry that is a teacher served with a draft model: speculative decoding, lossless against `teacher`. */
export interface SpeculativeRef {
  /** The config key of the teacher it serves. */
  teacher: ModelKey;
  /** The draft model as the server's flags name it (a path or a model id), when known. */
  draft: string | null;
  draftTokens: number;
}

/** The two roles of a GKT cell: the large model that writes the guidance and the small one that completes it. */
export type Role = 'teacher' | 'student';

/** Which HTTP API a model is reached through. */
export const API_KINDS = ['completions', 'chat', 'ollama'] as const;
export type ApiKind = (typeof API_KINDS)[number];

/** The software behind an endpoint; each carries its known quirks (src/models/server-kinds.ts). */
export const SERVER_KINDS = ['vllm', 'sglang', 'llamacpp', 'tgi', 'ollama', 'openai', 'simulated', 'generic'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** Sampling sent with every request. Greedy decoding is temperature 0 with top_p 1. */
export interface Sampling {
  temperature: number;
  topP: number;
}

// ── Chat formatting (models that need a chat template) ──────────────────────────────────────────────

/**
 * How exemplars reach a chat model. one-message: exemplars and question in one user message, as the
 * paper's API teacher got them; multi-turn: each exemplar a user and an assistant turn (lm-eval's `fewshot_as_multiturn`).
 */
export const FEW_SHOT_LAYOUTS = ['one-message', 'multi-turn'] as const;
export type FewShotLayout = (typeof FEW_SHOT_LAYOUTS)[number];

/**
 * How an assistant turn is reopened after text it already holds (the guidance). continue: rendered as
 * the last assistant message and cut right after it (`continue_final_message`); append: the generation
 * prompt, then the text (what llama.cpp's server does), for templates that rewrite past assistant turns.
 */
export const PREFILLS = ['continue', 'append'] as const;
export type Prefill = (typeof PREFILLS)[number];

/** A rendered template's leading BOS token: kept, stripped, or (auto) kept only for vLLM, which is told to add none of its own. */
export const BOS_POLICIES = ['auto', 'keep', 'strip'] as const;
export type BosPolicy = (typeof BOS_POLICIES)[number];

/** The markers around a reasoning model's thinking segment. */
export interface ThinkingMarkers {
  /** `<think>` by default. */
  open: string;
  /** `</think>` by default. */
  close: string;
}

export interface ThinkingSpec extends ThinkingMarkers {
  /** Where a teacher's guidance is taken from. */
  guidance: 'thinking' | 'answer';
  /** Most thinking tokens per request, or null for no limit. */
  budget: number | null;
}

/** A chat model's formatting with every default filled in: what the planner records and the cells render with. */
export interface ChatFormat {
  /** gkt renders the template and sends text to the completions API; or the server renders its own (chat API). */
  render: 'gkt' | 'server';
  /** With render gkt: an absolute file or folder path, or `server` for the template the server reports. */
  template: string | null;
  templateName: string | null;
  system: string | null;
  fewShot: FewShotLayout;
  prefill: Prefill;
  bos: BosPolicy;
  variables: Record<string, unknown>;
  date: string;
  thinking: ThinkingSpec | null;
}

// ── Requests ────────────────────────────────────────────────────────────────────────────────────────

/**
 * How a phase issues its requests. serial: one at a time (the student, paper Fig. 2); static: batches
 * of `size` that wait for their slowest member (the reference code's teacher); continuous: `size` kept in flight.
 */
export type Batching = { kind: 'serial' } | { kind: 'static'; size: number } | { kind: 'continuous'; size: number };

/**
 * A teacher pass: the teacher writing guidance for every item of a dataset (the paper's first stage),
 * recorded in its own pass file. A cell's teacher pass time for N is the pass's own time when it ran for
 * N tokens, else derived from when token N arrived. A phase is a teacher pass or a cell's student answers.
 */
export type TeacherPassId = string;

/**
 * How a teacher pass cuts its guidance: at the token boundaries the server reports, one pass serving
 * every guidance length (a config's `teacherPasses: shared`), or one pass per exact length (`separate`).
 */
export type Boundaries = 'tokens' | 'exact';

// ── The work ────────────────────────────────────────────────────────────────────────────────────────

/**
 * gkt: teacher guidance completed by a student. single: one model answering alone, the baseline; the
 * same single cell serves as "student alone" (for Δ) and "teacher alone" (for Speed Up) wherever its
 * model, output length and batching match, so a model that is both never runs twice. handoff, cascade
 * and route: the methods GKT is compared with (src/plan/methods.ts); their `method` says how.
 */
export const CELL_KINDS = ['gkt', 'single', 'handoff', 'cascade', 'route'] as const;
export type CellKind = (typeof CELL_KINDS)[number];

/** A dataset as a pass or cell names it: its name and the sha256 of the file its items came from. */
export interface DatasetRef {
  name: DatasetName;
  sha256: string;
}

/** Exemplars as a pass or cell names them: format, shot count, and the sha256 of the text actually used. */
export interface PromptRef {
  format: PromptFormat;
  shots: number;
  sha256: string;
}

/**
 * A chat model's formatting as part of what a pass or cell is: the template by its sha256 (null when the
 * server renders its own), and every setting that shapes the prompt. Any change makes other ids.
 */
export interface ChatRef extends Omit<ChatFormat, 'template' | 'templateName'> {
  template: string | null;
}

/** A model as a pass or cell names it. Its fields are part of the run format and of every id, so keep their names. */
export interface ModelRef {
  /** The config key. */
  name: ModelKey;
  /** The id the server serves. */
  model: ServedModel;
  /** A chat model's formatting; absent for raw text, so the paper's passes and cells keep their ids. */
  chat?: ChatRef;
  /** A teacher served with a draft model (speculative decoding); absent for every other model. */
  speculative?: SpeculativeRef;
}

// ── Methods GKT is compared with (src/plan/methods.ts) ─────────────────────────────────────────────

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

/** Signals a router reads from the student's recorded answer, each pointing the same way: more doubt, more teacher. */
export const ROUTE_SIGNALS = ['logprob', 'agreement', 'length'] as const;
export type RouteSignal = (typeof ROUTE_SIGNALS)[number];

/** Which model answers each item, chosen from the records of both answering alone (no request of its own). */
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

/** When a cascade hands an item to the teacher: its student samples disagree, its first is unsure, or either. */
export const CASCADE_ESCALATIONS = ['disagree', 'confidence', 'either'] as const;
export type CascadeEscalation = (typeof CASCADE_ESCALATIONS)[number];

// ── Scoring ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * Answer extraction rules: the paper's three (reference, strict, flexible), then the answer formats of
 * today's models (`boxed`, GSM8K's `####`) and lm-evaluation-harness's two gsm8k-cot filters, so that
 * numbers can sit beside leaderboard numbers.
 */
export const RULE_NAMES = ['reference', 'strict', 'flexible', 'boxed', '####', 'lm-eval-strict', 'lm-eval-flexible'] as const;
export type RuleName = (typeof RULE_NAMES)[number];
