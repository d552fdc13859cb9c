// The sweep config as written by the user (configs/gkt.schema.json is its schema).
import type { ApiKind, DatasetName, Mode, Projection, PromptFormat, RuleName, ServerKind } from '../vocabulary.js';

export type SamplingSpec = 'greedy' | { temperature: number; topP: number };

export interface PriceSpec {
  inputPer1k?: number;
  outputPer1k?: number;
  gpuHour?: number;
}

export interface SimulateSpec {
  accuracy?: number;
  helpHorizon?: number;
  slots?: number;
  prefillMsPerToken?: number;
  decodeMsPerToken?: number;
  overheadMs?: number;
  contextLength?: number;
  chat?: { prefill?: 'flag' | 'always' | 'never'; thinking?: 'none' | 'inline' | 'opened'; formats?: { boxed?: number; bold?: number; hash?: number } };
  difficulty?: number;
  vocabulary?: string;
  speculative?: { acceptance: number; draftTokens?: number; draftMsPerToken?: number };
}

export type LaunchSpec =
  | { command: string; args?: string[]; env?: Record<string, string>; cwd?: string; readyTimeoutSeconds?: number }
  | { simulate: SimulateSpec };

/** A chat model's prompt formatting (see configs/gkt.schema.json, models.*.chat). */
export interface ChatSpec {
  render?: 'gkt' | 'server';
  template?: string;
  templateName?: string;
  system?: string;
  fewShot?: 'one-message' | 'multi-turn';
  prefill?: 'continue' | 'append';
  bos?: 'auto' | 'keep' | 'strip';
  variables?: Record<string, unknown>;
  date?: string;
  thinking?: { open?: string; close?: string; guidance?: 'thinking' | 'answer'; budget?: number };
}

export interface ModelSpec {
  kind: ServerKind;
  url?: string;
  urls?: string[];
  model: string;
  label?: string;
  api?: ApiKind;
  batch?: number;
  contextLength?: number;
  apiKeyEnv?: string;
  timeoutSeconds?: number;
  sampling?: SamplingSpec;
  stream?: boolean;
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  extraBody?: Record<string, unknown>;
  chat?: ChatSpec;
  launch?: LaunchSpec;
  prices?: PriceSpec;
  speculative?: SpeculativeSpec;
}

/** A teacher served with a draft model (see configs/gkt.schema.json, models.*.speculative). */
export interface SpeculativeSpec {
  teacher: string;
  draft?: string;
  draftTokens?: number;
  draftServer?: string;
}

export type HandoffSpec =
  | { policy: 'prefix'; teacherTokens: number }
  | { policy: 'per-step'; teacherTokens: number; stepEnds?: string[]; maxHandoffs?: number }
  | { policy: 'confidence'; threshold: number; teacherTokens: number; window?: number; maxHandoffs?: number };

export interface CascadeSpec {
  samples: number;
  escalate: 'disagree' | 'confidence' | 'either';
  threshold?: number;
  rule?: RuleName;
}

export type RouterSpec =
  | { router: 'oracle' }
  | { router: 'random'; rate: number }
  | { router: 'threshold'; signal: 'logprob' | 'length'; threshold: number }
  | { router: 'threshold'; signal: 'agreement'; threshold: number; samples: number; rule?: RuleName };

export interface DatasetSpec {
  name: DatasetName;
  path?: string;
  limit?: number;
  sample?: number;
  sampleSeed?: number;
  shots?: number | number[];
  guidance?: number[];
  outputLengths?: number[];
  projections?: Projection[];
}

export interface PairSpec {
  teacher: string;
  student: string;
  guidance?: number[];
  outputLengths?: number[];
  projections?: Projection[];
  datasets?: DatasetName[];
  handoffs?: HandoffSpec[];
  cascades?: CascadeSpec[];
  routers?: RouterSpec[];
}

export interface SingleSpec {
  model: string;
  outputLengths?: number[];
  datasets?: DatasetName[];
}

export interface SweepConfig {
  $schema?: string;
  name: string;
  description?: string;
  seed?: number;
  repeats?: number;
  mode?: Mode;
  /** `dir`: a folder of the user's own prompt files, relative to the config file. */
  prompt?: { format?: PromptFormat; variant?: 'fox-corrected'; dir?: string };
  shots?: number | number[];
  models: Record<string, ModelSpec>;
  datasets: DatasetSpec[];
  pairs?: PairSpec[];
  singles?: Array<string | SingleSpec>;
  guidance?: number[];
  projections?: Projection[];
  outputLengths?: number[];
  sampling?: { teacher?: SamplingSpec; student?: SamplingSpec; baseline?: SamplingSpec };
  teacherBatching?: 'static' | 'continuous';
  studentConcurrency?: number;
  teacherPasses?: 'shared' | 'separate';
  baselines?: { studentAlone?: boolean; teacherAlone?: boolean; teacherAloneBatched?: boolean };
  requests?: {
    attempts?: number;
    backoffSeconds?: number;
    timeoutSeconds?: number;
    maxErrorRate?: number;
    maxErrors?: number;
    graceSeconds?: number;
    serverWaitSeconds?: number;
    allowFailures?: number;
  };
  cache?: boolean | { dir: string };
  prices?: Record<string, PriceSpec>;
}
