// The one-method model interface every server adapter implements, and what passes through it.
import type { ApiKind, Sampling, ServerKind } from '../vocabulary.js';
import type { UrlCredentials } from './credentials.js';

/** One turn of a conversation sent to a chat API. */
export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface GenerateRequest {
  /** The prompt text; for a request with `chat`, the conversation as sent, for cache keys and logs. */
  prompt: string;
  /**
   * The chat API's conversation (the server renders it with its own template) instead of `prompt`;
   * `continueFinal` when its last assistant message is to be continued, not closed.
   */
  chat?: { messages: ChatTurn[]; continueFinal: boolean; variables: Record<string, unknown> };
  /**
   * False when `prompt` is a chat template's rendering that holds its special tokens (BOS) already:
   * vLLM is then told not to add its own (`add_special_tokens: false`).
   */
  addSpecialTokens?: false;
  maxTokens: number;
  sampling: Sampling;
  seed: number;
  /** Stop sequences; empty means none (the faithful mode). */
  stop: string[];
  /** Ask the server for token boundaries (logprobs), to cut guidance at token N. */
  wantTokens: boolean;
  /** Stream the response, to time the first token and each token's arrival. */
  stream: boolean;
  /**
   * Requests of different scopes never share a cached answer. The scope is the pass or cell the request
   * belongs to: a phase served from the cache measures no time, so two cells that happen to send the
   * same request (the teacher alone one at a time and batched, or two guidance lengths the teacher
   * ended before) each make their own; the same cell run again elsewhere (another run name, another
   * config holding it) is served from the cache.
   */
  cacheScope: string;
  /**
   * The prompt template (the sha256 of its exemplars) the prompt was built from: prompts of one template
   * hold about as many tokens per character, which the truncation check learns once per template.
   */
  promptTemplate?: string;
  /**
   * The sample index of a request asked again for another sample of the same answer (a cascade's). Absent
   * for the first, which is then the very request a model answering alone makes; present, it keeps each
   * sample's cache entry apart (under greedy decoding the requests are otherwise the same).
   */
  sample?: number;
}

/** One generated token as the server reported it. */
export interface TokenSpan {
  /** UTF-16 offset in the completion text just after this token. */
  end: number;
  /** Milliseconds after the request started when this token arrived; null when not streamed. */
  at: number | null;
  /**
   * False when the token's end could not be placed exactly: it ends inside a character, placed at the
   * character boundary before it, or the server's chunks do not say which piece held which tokens.
   */
  exact?: false;
  /** The token's log-probability, where the server reported one. */
  logprob?: number;
}

export interface Generation {
  text: string;
  finishReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  /** The model id the server reported in its response. */
  responseModel: string | null;
  /** Token boundaries where the server reported them. */
  tokens: TokenSpan[] | null;
  /** performance.now() at the request's start and end, and at the first token when streamed. */
  start: number;
  end: number;
  firstTokenAt: number | null;
  attempts: number;
  cached: boolean;
  /** Server-reported timings, such as llama.cpp's `timings`, kept as given. */
  serverTimings?: Record<string, number>;
  /**
   * Thinking a chat API returned apart from the text (`reasoning_content` of vLLM's reasoning parsers
   * and llama.cpp's `--reasoning-format`), when it did.
   */
  reasoning?: string;
}

/** A model behind one endpoint. Retries, caching and rate limits wrap this interface. */
export interface ModelApi {
  generate(request: GenerateRequest, signal: AbortSignal): Promise<Generation>;
}

/** A model as resolved from config: where it is served and how it must be asked. */
export interface ModelEndpoint {
  /** The config key, e.g. `llama2-13b`. */
  key: string;
  kind: ServerKind;
  api: ApiKind;
  /** Base URLs (for OpenAI-style APIs ending in /v1); several are data-parallel replicas. */
  urls: string[];
  /** The model id the server serves and is asked for. */
  servedModel: string;
  /** Read from the environment variable named in config; never written anywhere. */
  apiKey: string | null;
  /** Basic-auth credentials that were written into a URL, by the URL without them (as in `urls`); never written anywhere. */
  credentials?: Record<string, UrlCredentials>;
  apiKeyEnv: string | null;
  contextLength: number | null;
  timeoutMs: number;
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** Extra request body fields from config, sent after the server kind's own. */
  extraBody: Record<string, unknown>;
  /**
   * What names the server in cache keys when its URLs do not: a simulator gkt starts listens on a new
   * port each run, so it is named by its profile instead. Absent: the URLs.
   */
  identity?: string;
  /** A teacher served with a draft model: llama.cpp then needs its prompt cache, without which it never drafts. */
  speculative?: true;
}
