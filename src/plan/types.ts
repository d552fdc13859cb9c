// The serialisable description of the work: teacher passes and cells, each with a content-derived id.
import type { Batching, Boundaries, CellKind, DatasetName, DatasetRef, GuidanceLength, Mode, ModelRef, OutputLength, Projection, PromptRef, Sampling, TeacherPassId } from '../vocabulary.js';
import type { CellMethod } from './methods.js';

/**
 * One teacher generation over every item. It serves every guidance length up to `maxTokens`
 * by cutting at reported token boundaries, or a single length when passes are exact.
 */
export interface TeacherPass {
  id: TeacherPassId;
  dataset: DatasetRef;
  prompt: PromptRef;
  model: ModelRef;
  projection: Projection;
  /** The longest guidance length N it serves: the teacher's max_tokens. */
  maxTokens: GuidanceLength;
  /** Guidance lengths cut from this pass. */
  serves: GuidanceLength[];
  batching: Batching;
  sampling: Sampling;
  mode: Mode;
  seed: number;
  /** tokens: cut at the token boundaries the server reports; exact: one pass per length. */
  boundaries: Boundaries;
}

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
    /** The guidance length N. */
    guidanceTokens: GuidanceLength;
    projection: Projection;
    pass: TeacherPassId;
  } | null;
  student: {
    model: ModelRef;
    /** The output length L. */
    maxTokens: OutputLength;
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
