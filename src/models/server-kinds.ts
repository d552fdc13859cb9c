// What each inference server does with a request unless told otherwise, and what gkt sends to make it explicit.
import type { ApiKind, Sampling, ServerKind } from '../vocabulary.js';

/** How a server can report where each generated token ends. */
export type TokenBoundaries =
  /** `logprobs` on the completions API, in the legacy `{tokens, text_offset}` shape (vLLM, SGLang). */
  | 'logprobs'
  /** llama.cpp: `logprobs` on /v1/completions answers in the chat shape `{content: [{token, bytes}]}`. */
  | 'logprobs-content'
  /** No known way: a sweep over several guidance lengths runs one teacher pass per length. */
  | 'none';

export interface ServerKindInfo {
  /** The API a base model's few-shot prompt goes to on this server. */
  defaultApi: ApiKind;
  tokenBoundaries: TokenBoundaries;
  /** Most stop sequences the server accepts in one request (TGI: 4); null when unbounded. */
  maxStops: number | null;
  /** Whether the server's responses name the model exactly as asked (llama.cpp names its file or alias). */
  echoesModelId: boolean;
  /**
   * Request fields that switch off the server's own sampling defaults, so that temperature and top_p
   * alone decide the decoding (SERVERS.md: vLLM's generation_config, llama.cpp's top_k 40 and min_p 0.05).
   */
  samplingExtras: (sampling: Sampling) => Record<string, unknown>;
  /** Whether the server has a /tokenize route (counts prompt tokens before a phase runs). */
  tokenize: 'vllm' | 'llamacpp' | null;
}

const none = (): Record<string, unknown> => ({});

export const SERVER_KIND_INFO: Record<ServerKind, ServerKindInfo> = {
  vllm: {
    defaultApi: 'completions',
    tokenBoundaries: 'logprobs',
    maxStops: null,
    echoesModelId: true,
    samplingExtras: () => ({ top_k: -1, min_p: 0, repetition_penalty: 1, presence_penalty: 0, frequency_penalty: 0 }),
    tokenize: 'vllm',
  },
  sglang: {
    defaultApi: 'completions',
    tokenBoundaries: 'logprobs',
    maxStops: null,
    echoesModelId: true,
    samplingExtras: () => ({ top_k: -1, min_p: 0, repetition_penalty: 1, presence_penalty: 0, frequency_penalty: 0 }),
    tokenize: 'vllm',
  },
  llamacpp: {
    defaultApi: 'completions',
    tokenBoundaries: 'logprobs-content',
    maxStops: null,
    echoesModelId: false,
    // Its prompt cache makes output depend on what the slot held before; off, every request starts clean.
    samplingExtras: () => ({ top_k: 0, min_p: 0, typical_p: 1, repeat_penalty: 1, cache_prompt: false }),
    tokenize: 'llamacpp',
  },
  tgi: {
    defaultApi: 'completions',
    tokenBoundaries: 'none',
    maxStops: 4,
    echoesModelId: false,
    samplingExtras: none,
    tokenize: null,
  },
  ollama: {
    defaultApi: 'ollama',
    tokenBoundaries: 'none',
    maxStops: null,
    echoesModelId: true,
    samplingExtras: () => ({ top_k: 0, min_p: 0, repeat_penalty: 1 }),
    tokenize: null,
  },
  openai: {
    defaultApi: 'chat',
    tokenBoundaries: 'logprobs-content',
    maxStops: 4,
    echoesModelId: true,
    samplingExtras: none,
    tokenize: null,
  },
  simulated: {
    defaultApi: 'completions',
    tokenBoundaries: 'logprobs',
    maxStops: null,
    echoesModelId: true,
    samplingExtras: none,
    tokenize: 'vllm',
  },
  generic: {
    defaultApi: 'completions',
    tokenBoundaries: 'none',
    maxStops: null,
    echoesModelId: true,
    samplingExtras: none,
    tokenize: null,
  },
};

/** A dated snapshot's suffix: `-2024-08-06`, `-20240806`, `-0613`. Anything else (`-mini`) is another model. */
const SNAPSHOT = /^-(\d{4}-\d{2}-\d{2}|\d{8}|\d{4})$/;

/**
 * Whether a model id a response names is the one asked for. API models answer with a dated
 * snapshot (`gpt-4o` → `gpt-4o-2024-08-06`); some servers name a model file instead (see echoesModelId).
 */
export function sameModel(kind: ServerKind, asked: string, answered: string | null, served: readonly string[]): boolean {
  if (answered === null || answered === '' || !SERVER_KIND_INFO[kind].echoesModelId) return true;
  if (answered === asked || served.includes(answered)) return true;
  return answered.startsWith(asked) && SNAPSHOT.test(answered.slice(asked.length));
}
