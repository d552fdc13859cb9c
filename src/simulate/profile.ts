// The simulator profile: one simulated model's accuracy, latency and known datasets, validated once.
import { DATASET_NAMES, type DatasetName } from '../vocabulary.js';
import { UsageError } from '../util/errors.js';

export const FAULT_KINDS = ['429', '500', '503', 'reset', 'hang', 'malformed'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultProfile {
  /** Fraction of generation requests that fail, decided per request by a counter and the seed. */
  rate: number;
  kinds: FaultKind[];
  seed: number;
}

/**
 * How the simulated model speaks chat. `prefill`: what its chat route does with a final assistant message:
 * continue it when asked (`flag`, vLLM's `continue_final_message`), always (llama.cpp), or never (OpenAI).
 * `thinking`: none (an instruct model), `inline` (it writes `<think>` itself, as Qwen3), or `opened` (its
 * generation prompt opens the segment, as DeepSeek-R1 distills). `formats`: how often a chat answer ends
 * in `\boxed{}`, in bold, or with `####` rather than `The answer is`.
 */
export interface ChatProfile {
  prefill: 'flag' | 'always' | 'never';
  thinking: 'none' | 'inline' | 'opened';
  formats: { boxed: number; bold: number; hash: number };
}

export const CHAT_DEFAULTS: ChatProfile = { prefill: 'flag', thinking: 'none', formats: { boxed: 0, bold: 0, hash: 0 } };

/**
 * A teacher served with a draft model: each decoding step the draft proposes `draftTokens` tokens, each
 * accepted in turn with probability `acceptance` until the first rejection, and the target adds one of its
 * own. The answers are the model's own (lossless); only the time changes.
 */
export interface SpeculativeProfile {
  acceptance: number;
  draftTokens: number;
  draftMsPerToken: number;
}

export interface SimulatorProfile {
  model: string;
  /** Chance that an unguided answer takes the correct path. */
  accuracy: number;
  /** Guidance length (tokens) at which guidance fully decides the path. */
  helpHorizon: number;
  /** Requests decoded at once; more wait in a FIFO queue. */
  slots: number;
  prefillMsPerToken: number;
  decodeMsPerToken: number;
  overheadMs: number;
  contextLength: number;
  /** Dataset files whose items (and gold answers) the simulator recognises in prompts. */
  datasets: Array<{ name: DatasetName; path: string }>;
  faults?: FaultProfile;
  /**
   * Absent: the chat route answers as the paper's API teacher was simulated, its messages' contents joined
   * and continued as a base model would. Present: it renders its chat template and speaks as a chat model.
   */
  chat?: ChatProfile;
  /**
   * How much items differ in difficulty, 0 to 1: that share of items is decided by a hardness every
   * simulated model shares (right where the hardness is below its chance), the rest drawn per request.
   */
  difficulty: number;
  /** Names the token ids /tokenize hands out: simulators of different vocabularies give different ids. */
  vocabulary: string;
  speculative?: SpeculativeProfile;
}

export const PROFILE_DEFAULTS = {
  model: 'sim-model',
  accuracy: 0.5,
  helpHorizon: 40,
  slots: 16,
  prefillMsPerToken: 0,
  decodeMsPerToken: 0,
  overheadMs: 0,
  contextLength: 4096,
  difficulty: 0,
  vocabulary: 'gkt',
} as const;

const KEYS = [...Object.keys(PROFILE_DEFAULTS), 'datasets', 'faults', 'chat', 'speculative'];

type Check = (value: unknown) => string | null;

const fraction: Check = (v) => (typeof v === 'number' && v >= 0 && v <= 1 ? null : 'must be a number from 0 to 1');
const nonNegative: Check = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : 'must be a number, 0 or more');
const positive: Check = (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? null : 'must be a number above 0');
const positiveInt: Check = (v) => (Number.isInteger(v) && (v as number) > 0 ? null : 'must be a whole number above 0');
const modelId: Check = (v) => (typeof v === 'string' && v.trim() !== '' ? null : 'must be a non-empty string');

const CHECKS: Record<keyof typeof PROFILE_DEFAULTS, Check> = {
  model: modelId,
  accuracy: fraction,
  helpHorizon: positive,
  slots: positiveInt,
  prefillMsPerToken: nonNegative,
  decodeMsPerToken: nonNegative,
  overheadMs: nonNegative,
  contextLength: positiveInt,
  difficulty: fraction,
  vocabulary: modelId,
};

/**
 * Validates a profile as read from `source` (a file name, or a description such as `command line`)
 * and fills defaults. Every problem is listed in the one-line message, each with its JSON path.
 */
export function parseProfile(json: unknown, source: string): SimulatorProfile {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new UsageError(`${source}: a simulator profile must be a JSON object`);
  }
  const raw = json as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(raw)) {
    if (!KEYS.includes(key)) problems.push(`${key}: unknown field (known: ${KEYS.join(', ')})`);
  }
  const profile: SimulatorProfile = { ...PROFILE_DEFAULTS, datasets: [] };
  for (const key of Object.keys(CHECKS) as Array<keyof typeof PROFILE_DEFAULTS>) {
    if (raw[key] === undefined) continue;
    const problem = CHECKS[key](raw[key]);
    if (problem !== null) problems.push(`${key}: ${problem}`);
    else (profile as unknown as Record<string, unknown>)[key] = raw[key];
  }
  if (raw.datasets !== undefined) profile.datasets = parseDatasets(raw.datasets, problems);
  if (raw.faults !== undefined) {
    const faults = parseFaults(raw.faults, problems);
    if (faults !== null) profile.faults = faults;
  }
  if (raw.chat !== undefined) profile.chat = parseChat(raw.chat, problems);
  if (raw.speculative !== undefined) {
    const speculative = parseSpeculative(raw.speculative, problems);
    if (speculative !== null) profile.speculative = speculative;
  }
  if (problems.length > 0) throw new UsageError(`${source}: ${problems.join('; ')}`);
  return profile;
}

function parseChat(value: unknown, problems: string[]): ChatProfile {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push('chat: must be an object {prefill, thinking, formats}');
    return CHAT_DEFAULTS;
  }
  const { prefill = CHAT_DEFAULTS.prefill, thinking = CHAT_DEFAULTS.thinking, formats = {}, ...rest } = value as Record<string, unknown>;
  for (const key of Object.keys(rest)) problems.push(`chat.${key}: unknown field (known: prefill, thinking, formats)`);
  if (!['flag', 'always', 'never'].includes(prefill as string)) problems.push('chat.prefill: must be flag, always or never');
  if (!['none', 'inline', 'opened'].includes(thinking as string)) problems.push('chat.thinking: must be none, inline or opened');
  const rates = { ...CHAT_DEFAULTS.formats };
  if (formats === null || typeof formats !== 'object' || Array.isArray(formats)) {
    problems.push('chat.formats: must be an object {boxed, bold, hash}');
  } else {
    for (const [key, rate] of Object.entries(formats)) {
      if (!(key in rates)) problems.push(`chat.formats.${key}: unknown format (known: boxed, bold, hash)`);
      else if (fraction(rate) !== null) problems.push(`chat.formats.${key}: ${fraction(rate)!}`);
      else rates[key as keyof typeof rates] = rate as number;
    }
    if (rates.boxed + rates.bold + rates.hash > 1) problems.push('chat.formats: the rates add up to more than 1');
  }
  return { prefill: prefill as ChatProfile['prefill'], thinking: thinking as ChatProfile['thinking'], formats: rates };
}

function parseSpeculative(value: unknown, problems: string[]): SpeculativeProfile | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push('speculative: must be an object {acceptance, draftTokens, draftMsPerToken}');
    return null;
  }
  const { acceptance, draftTokens = 5, draftMsPerToken = 0, ...rest } = value as Record<string, unknown>;
  const before = problems.length;
  for (const key of Object.keys(rest)) problems.push(`speculative.${key}: unknown field (known: acceptance, draftTokens, draftMsPerToken)`);
  if (fraction(acceptance) !== null) problems.push(`speculative.acceptance: ${fraction(acceptance)!}`);
  if (positiveInt(draftTokens) !== null) problems.push(`speculative.draftTokens: ${positiveInt(draftTokens)!}`);
  if (nonNegative(draftMsPerToken) !== null) problems.push(`speculative.draftMsPerToken: ${nonNegative(draftMsPerToken)!}`);
  if (problems.length > before) return null;
  return { acceptance: acceptance as number, draftTokens: draftTokens as number, draftMsPerToken: draftMsPerToken as number };
}

function parseDatasets(value: unknown, problems: string[]): SimulatorProfile['datasets'] {
  if (!Array.isArray(value)) {
    problems.push('datasets: must be a list of {name, path}');
    return [];
  }
  const datasets: SimulatorProfile['datasets'] = [];
  value.forEach((entry: unknown, i) => {
    const at = `datasets[${i}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push(`${at}: must be an object {name, path}`);
      return;
    }
    const { name, path, ...rest } = entry as Record<string, unknown>;
    for (const key of Object.keys(rest)) problems.push(`${at}.${key}: unknown field (known: name, path)`);
    const nameOk = typeof name === 'string' && (DATASET_NAMES as readonly string[]).includes(name);
    if (!nameOk) problems.push(`${at}.name: must be one of ${DATASET_NAMES.join(', ')}`);
    const pathOk = typeof path === 'string' && path !== '';
    if (!pathOk) problems.push(`${at}.path: must be a non-empty string`);
    if (nameOk && pathOk) datasets.push({ name: name as DatasetName, path: path as string });
  });
  return datasets;
}

function parseFaults(value: unknown, problems: string[]): FaultProfile | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push('faults: must be an object {rate, kinds, seed}');
    return null;
  }
  const { rate, kinds, seed = 0, ...rest } = value as Record<string, unknown>;
  const before = problems.length;
  for (const key of Object.keys(rest)) problems.push(`faults.${key}: unknown field (known: rate, kinds, seed)`);
  const rateProblem = fraction(rate);
  if (rateProblem !== null) problems.push(`faults.rate: ${rateProblem}`);
  const kindsOk =
    Array.isArray(kinds) && kinds.length > 0 && kinds.every((k) => (FAULT_KINDS as readonly unknown[]).includes(k));
  if (!kindsOk) problems.push(`faults.kinds: must be a non-empty list of ${FAULT_KINDS.join(', ')}`);
  if (!Number.isInteger(seed) || (seed as number) < 0) problems.push('faults.seed: must be a whole number, 0 or more');
  if (problems.length > before) return null;
  return { rate: rate as number, kinds: kinds as FaultKind[], seed: seed as number };
}
