// The serialisable description of the work: teacher passes and cells, each with a content-derived id.
import type { ChatFormat } from '../chat/spec.js';
import type { DatasetName } from '../datasets/types.js';
import type { Sampling } from '../models/types.js';
import type { CellMethod, SpeculativeRef } from './methods.js';

export const PROJECTIONS = ['cutoff', 'concise', 'hint'] as const;
export type Projection = (typeof PROJECTIONS)[number];

export const MODES = ['faithful', 'practical'] as const;
/** faithful: no stop sequence, full output length (the reference code); practical: stop at `\nQ:`. */
export type Mode = (typeof MODES)[number];

export const PROMPT_FORMATS = ['reference', 'wei'] as const;
/** reference: the GKT code's exemplars and framing; wei: the Wei et al. / lm-eval framing. */
export type PromptFormat = (typeof PROMPT_FORMATS)[number];

/** How a phase issues its requests. */
export type Batching =
  /** one request at a time */
  | { kind: 'serial' }
  /** batches of `size`; a batch waits for its slowest member (the reference code) */
  | { kind: 'static'; size: number }
  /** `size` requests kept in flight */
  | { kind: 'continuous'; size: number };

export interface DatasetRef {
  name: DatasetName;
  /** sha256 of the dataset file the items came from. */
  sha256: string;
}

export interface PromptRef {
  format: PromptFormat;
  shots: number;
  /** sha256 of the exemplar text actually used (the first `shots` exemplars). */
  sha256: string;
}

export interface ModelRef {
  /** The config key. */
  name: string;
  /** The served model id. */
  model: string;
  /** A chat model's formatting; absent for raw text, so the paper's passes and cells keep their ids. */
  chat?: ChatRef;
  /** A teacher served with a draft model (speculative decoding); absent for every other model. */
  speculative?: SpeculativeRef;
}

/**
 * A chat model's formatting as part of what a pass or cell is: the template by its sha256 (null when the
 * server renders its own), and every setting that shapes the prompt. Any change makes other ids.
 */
export interface ChatRef extends Omit<ChatFormat, 'template' | 'templateName'> {
  template: string | null;
}

/**
 * One teacher generation over every item. It serves every guidance length up to `maxTokens`
 * by cutting at reported token boundaries, or a single length when passes are exact.
 */
export interface TeacherPass {
  id: string;
  dataset: DatasetRef;
  prompt: PromptRef;
  model: ModelRef;
  projection: Projection;
  maxTokens: number;
  /** Guidance lengths cut from this pass. */
  serves: number[];
  batching: Batching;
  sampling: Sampling;
  mode: Mode;
  seed: number;
  /** tokens: cut at the token boundaries the server reports; exact: one pass per length. */
  boundaries: 'tokens' | 'exact';
}

export const CELL_KINDS = ['gkt', 'single', 'handoff', 'cascade', 'route'] as const;
/**
 * gkt: teacher guidance completed by a student. single: one model answering alone, the baseline; the
 * same single cell serves as "student alone" (for Δ) and "teacher alone" (for Speed Up) wherever its
 * model, output length and batching match, so a model that is both never runs twice. handoff, cascade
 * and route: the methods GKT is compared with (see methods.ts); their `method` says how.
 */
export type CellKind = (typeof CELL_KINDS)[number];

/**
 * One measured configuration over a dataset. A baseline is a cell without a teacher: its single
 * model takes the student's place and answers alone.
 */
export interface Cell {
  id: string;
  /** Human label, e.g. `llama2-13b→llama2-7b 40→300 cutoff`. Not part of the id. */
  label: string;
  kind: CellKind;
  dataset: DatasetRef;
  prompt: PromptRef;
  mode: Mode;
  repeat: number;
  seed: number;
  teacher: {
    model: ModelRef;
    guidanceTokens: number;
    projection: Projection;
    pass: string;
  } | null;
  student: {
    model: ModelRef;
    maxTokens: number;
    batching: Batching;
    sampling: Sampling;
    /**
     * A single model's answers with their token log-probabilities, for the routers that read them. Absent
     * unless a router needs them, so that other cells keep their ids and ask what they always asked.
     */
    logprobs?: true;
  };
  /** The teacher, policy and bounds of a hand-off, cascade or route cell; absent for GKT and single cells. */
  method?: CellMethod;
}

export interface Plan {
  run: string;
  passes: TeacherPass[];
  cells: Cell[];
  /** Item ids selected per dataset, in run order. */
  items: Partial<Record<DatasetName, string[]>>;
}
