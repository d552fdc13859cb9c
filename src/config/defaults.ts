// Defaults where a config is silent; each follows the paper or its reference code, or is stated in the README.
import type { DatasetName, Sampling } from '../vocabulary.js';
import { DEFAULT_SHOTS } from '../prompts/template.js';
import { DEFAULT_RETRY } from '../models/retry.js';

/** Exemplars available per dataset (Manual-CoT: 8 for GSM8K, 7 for CSQA), as the prompt files hold them. */
export const DEFAULT_SHOTS_BY_DATASET: Record<DatasetName, number> = DEFAULT_SHOTS;

/** The reference code: temperature 0.8, top_p 0.9 for the teacher, 0.95 for student and single models. */
export const DEFAULT_SAMPLING: { teacher: Sampling; student: Sampling; baseline: Sampling } = {
  teacher: { temperature: 0.8, topP: 0.9 },
  student: { temperature: 0.8, topP: 0.95 },
  baseline: { temperature: 0.8, topP: 0.95 },
};

export const GREEDY: Sampling = { temperature: 0, topP: 1 };

export const DEFAULTS = {
  seed: 0,
  repeats: 1,
  mode: 'faithful',
  promptFormat: 'reference',
  guidance: [40],
  projections: ['cutoff'],
  outputLengths: [300],
  teacherBatch: 8,
  teacherBatching: 'static',
  studentConcurrency: 1,
  teacherPasses: 'shared',
  attempts: 4,
  backoffSeconds: DEFAULT_RETRY.baseDelayMs / 1000,
  timeoutSeconds: 600,
  maxErrorRate: 0.5,
  graceSeconds: 30,
  serverWaitSeconds: 60,
  readyTimeoutSeconds: 900,
  /** Speculative decoding: tokens the draft proposes per step (vLLM's num_speculative_tokens, llama.cpp's --draft-max). */
  draftTokens: 5,
  /** Hand-offs: most changes of writer in one answer, after which the student finishes alone. */
  maxHandoffs: 32,
  /** The confidence policy: student tokens asked for per request, the first below the threshold ending it. */
  confidenceWindow: 16,
  /** The per-step policy: where a step ends (a sentence end or a new line). */
  stepEnds: ['\n', '. '],
  /** The rule a cascade and an agreement router compare samples' answers under. */
  agreementRule: 'flexible',
} as const;
