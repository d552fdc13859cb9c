// The sweep with every default filled in and every path made absolute: what the planner and runner read.
import type { ChatFormat, DatasetName, Mode, Projection, PromptFormat, Sampling, SpeculativeRef } from '../vocabulary.js';
import type { Selection } from '../datasets/types.js';
import type { ModelEndpoint } from '../models/types.js';
import type { LaunchSpec, PairSpec, PriceSpec, SingleSpec, SweepConfig } from './types.js';

export interface ResolvedModel {
  key: string;
  label: string;
  /** For a launched simulator the urls are empty until it listens. */
  endpoint: ModelEndpoint;
  batch: number;
  /** A per-model decoding override for every role it plays, or null. */
  sampling: Sampling | null;
  stream: boolean;
  /** How prompts are formatted for a chat model; null for raw text (the paper's base models). */
  chat: ChatFormat | null;
  launch: LaunchSpec | null;
  prices: PriceSpec | null;
  simulated: boolean;
  /** A teacher served with a draft model; null for every other model. */
  speculative: (SpeculativeRef & { draftServer: string | null }) | null;
}

export interface ResolvedDataset {
  name: DatasetName;
  path: string;
  selection: Selection;
  shots: number[];
  guidance: number[];
  outputLengths: number[];
  projections: Projection[];
}

export interface RequestPolicy {
  attempts: number;
  /** Backoff before the first retry; later ones double. */
  backoffMs: number;
  timeoutMs: number;
  maxErrorRate: number;
  maxErrors: number | null;
  graceMs: number;
  /** How long, in all, a request waits for a server that is down to be ready again. */
  serverWaitMs: number;
  /** The share of a run's items that may end failed and the run still exit 0. */
  allowFailures: number;
}

export interface ResolvedSweep {
  name: string;
  seed: number;
  repeats: number;
  mode: Mode;
  /** `dir` is absolute, or null for gkt's own prompts folder. */
  prompt: { format: PromptFormat; variant: string | null; dir: string | null };
  models: Record<string, ResolvedModel>;
  datasets: ResolvedDataset[];
  /** As the config gives them: a pair's own lengths, datasets and methods are applied when the sweep is planned. */
  pairs: PairSpec[];
  singles: SingleSpec[];
  sampling: { teacher: Sampling; student: Sampling; baseline: Sampling };
  teacherBatching: NonNullable<SweepConfig['teacherBatching']>;
  studentConcurrency: number;
  teacherPasses: NonNullable<SweepConfig['teacherPasses']>;
  baselines: Required<NonNullable<SweepConfig['baselines']>>;
  requests: RequestPolicy;
  /** Response cache folder, or null when caching is off. */
  cacheDir: string | null;
  prices: Record<string, PriceSpec>;
}
