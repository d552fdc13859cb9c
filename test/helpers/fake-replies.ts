// What the fake OpenAI-compatible server can be told to do with one request: answer it, or fail in a chosen way.

/** One generated token: its text, and its UTF-8 bytes where they differ from the text's (a character split across tokens). */
export interface TokenPiece {
  token: string;
  bytes?: number[];
}

/** How logprobs are reported when the request asks for them: `auto` is legacy on completions, content on chat. */
export type LogprobsShape = 'auto' | 'legacy' | 'content' | 'none';

/** How an answer stops early: the socket destroyed, the server silent, or the body ended cleanly but short. */
export type CutOff = 'reset' | 'hang' | 'end';

export interface Answer {
  type: 'answer';
  text: string;
  tokens: TokenPiece[];
  finishReason: string;
  /** null: the response carries no usage. */
  usage: { prompt: number; completion: number } | null;
  /** The model id the response names; the server's own when absent. */
  model?: string;
  logprobs: LogprobsShape;
  /** llama.cpp-style `timings`, added to the response (or the last stream chunk). */
  timings?: Record<string, number>;
  /** Wait before sending anything. */
  delayMs: number;
  /** Wait between stream chunks. */
  chunkDelayMs: number;
  /** Streamed: stop after this many tokens. Whole: send half of the body. Then do `then`. */
  cut?: { afterTokens: number; then: CutOff };
  /** Chat route: thinking returned apart from the text, as `reasoning_content` (vLLM's reasoning parsers, llama.cpp). */
  reasoning?: string;
  /**
   * Streamed as llama.cpp does: a token that ends inside a UTF-8 character is held back and sent in the
   * next token's chunk, whose one logprobs entry holds both tokens' bytes; each chunk carries
   * `timings.predicted_n` when the request asks `timings_per_token` and `perTokenTimings` is not false.
   */
  llamaCppChunks?: { perTokenTimings: boolean };
}

export type Fault =
  /** An HTTP error; the body defaults to OpenAI's `{error: {message}}` (Ollama routes: `{error: message}`). */
  | { type: 'status'; status: number; message: string; body?: unknown; headers?: Record<string, string> }
  /** The socket destroyed before any header, or just after the headers were sent. */
  | { type: 'reset'; at: 'before-headers' | 'after-headers' }
  /** Never answers; the connection stays open until the client gives up or the server closes. */
  | { type: 'hang' }
  /** A 200 whose JSON body does not parse (or, streamed, one SSE event that does not). */
  | { type: 'malformed'; body: string }
  /** A 200 with an empty `choices` list (streamed: chunks without choices, then [DONE]). */
  | { type: 'empty-choices' };

export type Reply = Answer | Fault;

export interface AnswerOptions {
  /** Token pieces; joined they make the text unless `text` is also given (which may not line up on purpose). */
  tokens?: Array<string | TokenPiece>;
  finishReason?: string;
  usage?: { prompt: number; completion: number } | null;
  model?: string;
  logprobs?: LogprobsShape;
  timings?: Record<string, number>;
  delayMs?: number;
  chunkDelayMs?: number;
  cut?: { afterTokens: number; then: CutOff };
  reasoning?: string;
  llamaCppChunks?: { perTokenTimings: boolean };
}

/** Words with the space before them, as a stand-in tokenizer: "a b" → ["a", " b"]. */
export function splitTokens(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

/** A normal answer. Without `tokens`, the text is split at spaces; usage defaults to 10 prompt tokens. */
export function answer(text: string | null, options: AnswerOptions = {}): Answer {
  const pieces = (options.tokens ?? splitTokens(text ?? '')).map((t) => (typeof t === 'string' ? { token: t } : t));
  const reply: Answer = {
    type: 'answer',
    text: text ?? pieces.map((p) => p.token).join(''),
    tokens: pieces,
    finishReason: options.finishReason ?? 'length',
    usage: options.usage === undefined ? { prompt: 10, completion: pieces.length } : options.usage,
    logprobs: options.logprobs ?? 'auto',
    delayMs: options.delayMs ?? 0,
    chunkDelayMs: options.chunkDelayMs ?? 0,
  };
  if (options.model !== undefined) reply.model = options.model;
  if (options.timings !== undefined) reply.timings = options.timings;
  if (options.cut !== undefined) reply.cut = options.cut;
  if (options.reasoning !== undefined) reply.reasoning = options.reasoning;
  if (options.llamaCppChunks !== undefined) reply.llamaCppChunks = options.llamaCppChunks;
  return reply;
}

export const fault = {
  status(status: number, options: { message?: string; body?: unknown; headers?: Record<string, string> } = {}): Fault {
    return { type: 'status', status, message: options.message ?? `fake error ${status}`, ...(options.body !== undefined ? { body: options.body } : {}), ...(options.headers ? { headers: options.headers } : {}) };
  },
  /** HTTP 429 with a Retry-After header (seconds or an HTTP date). */
  rateLimited(retryAfter: string): Fault {
    return { type: 'status', status: 429, message: 'rate limit reached', headers: { 'retry-after': retryAfter } };
  },
  reset(at: 'before-headers' | 'after-headers' = 'before-headers'): Fault {
    return { type: 'reset', at };
  },
  hang(): Fault {
    return { type: 'hang' };
  },
  malformed(body = '{"choices": [ this is not json'): Fault {
    return { type: 'malformed', body };
  },
  emptyChoices(): Fault {
    return { type: 'empty-choices' };
  },
};
