// One model behind one OpenAI-compatible URL: /v1/completions or /v1/chat/completions, over kept-alive connections.
import { performance } from 'node:perf_hooks';
import { eachEvent, readText, type ServerEvent } from './body-reading.js';
import { authorization, endpointSecrets } from './endpoint-auth.js';
import { poster } from './exchange.js';
import { RequestError, kindOfStatus } from './request-error.js';
import { openAiBody } from './request-body.js';
import { serverWords } from './server-words.js';
import { joinPieces, readTokenPieces, tokenEnds, type TokenPieces } from './token-ends.js';
import type { Reply, StaleListener } from './transport.js';
import type { GenerateRequest, Generation, ModelApi, ModelEndpoint, TokenSpan } from './types.js';

/** What one choice of a response or stream chunk may carry, read defensively: servers differ. */
interface LooseChoice {
  text?: unknown;
  message?: { content?: unknown; reasoning_content?: unknown; reasoning?: unknown } | null;
  delta?: { content?: unknown; reasoning_content?: unknown; reasoning?: unknown } | null;
  logprobs?: unknown;
  finish_reason?: unknown;
}

interface LooseResponse {
  model?: unknown;
  choices?: unknown;
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
  timings?: unknown;
  error?: unknown;
}

export function openAiModel(endpoint: ModelEndpoint, url: string, onStale?: StaleListener): ModelApi {
  const path = endpoint.api === 'chat' ? '/chat/completions' : '/completions';
  const target = `POST ${url}${path}`;
  const secrets = endpointSecrets(endpoint);
  const post = poster({
    href: `${url.replace(/\/+$/, '')}${path}`,
    target,
    // Local servers want no key and ignore the placeholder; a real key comes from the environment only.
    headers: { authorization: authorization(endpoint, url) ?? 'Bearer none' },
    timeoutMs: endpoint.timeoutMs,
    secrets,
    ...(onStale ? { onStale } : {}),
  });
  return {
    generate: (request: GenerateRequest, signal: AbortSignal): Promise<Generation> =>
      post(JSON.stringify(openAiBody(endpoint, request)), signal, async (reply, deadline, start) => {
        const reading = request.stream
          ? await readStream(reply, start, deadline, target, secrets)
          : readWhole(JSON.parse(await readText(reply.body, deadline)) as unknown, target);
        return finish(reading, request, start);
      }),
  };
}

/** A response read to its end, before token boundaries are worked out. */
interface Reading {
  text: string;
  finishReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  model: string | null;
  /**
   * Token pieces with the time each arrived (ms after the start; null when not streamed), and how many
   * tokens the server says the chunk holds, where it says (null: one per piece).
   */
  pieces: Array<{ pieces: TokenPieces; at: number | null; count: number | null }>;
  /** Tokens decoded so far, as the last chunk stated it (llama.cpp's per-token `timings.predicted_n`). */
  decoded?: number;
  firstTokenAt: number | null;
  serverTimings?: Record<string, number>;
  reasoning?: string;
}

const count = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function malformed(target: string, reason: string): RequestError {
  return new RequestError({ kind: 'malformed', target, reason });
}

/** The parsed body as an object; a string (a non-JSON content type), null, a number or a list is no answer. */
function asResponse(value: unknown, target: string, what: string): LooseResponse {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw malformed(target, `${what} is not a JSON object`);
  return value as LooseResponse;
}

function firstChoice(response: LooseResponse, target: string, allowEmpty: boolean): LooseChoice | null {
  if (!Array.isArray(response.choices)) {
    // A stream's closing usage chunk may leave the list out altogether.
    if (allowEmpty && (response.usage || response.timings)) return null;
    throw malformed(target, 'the response has no "choices" list');
  }
  if (response.choices.length === 0) {
    if (allowEmpty) return null;
    throw malformed(target, 'the response has an empty "choices" list');
  }
  const choice: unknown = response.choices[0];
  if (choice === null || typeof choice !== 'object') throw malformed(target, 'choices[0] is not an object');
  return choice as LooseChoice;
}

/** Thinking a server returned apart from the text: `reasoning_content` (vLLM, llama.cpp, SGLang) or `reasoning`. */
function choiceReasoning(choice: LooseChoice): string | null {
  const part = choice.message ?? choice.delta;
  const value = part?.reasoning_content ?? part?.reasoning;
  return typeof value === 'string' ? value : null;
}

function choiceText(choice: LooseChoice): unknown {
  if (choice.text !== undefined) return choice.text;
  if (choice.message) return choice.message.content ?? '';
  if (choice.delta) return choice.delta.content ?? '';
  return undefined;
}

function timings(value: unknown): Record<string, number> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const entries = Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

function readWhole(body: unknown, target: string): Reading {
  const response = asResponse(body, target, 'the response');
  const choice = firstChoice(response, target, false)!;
  const text = choiceText(choice);
  if (typeof text !== 'string') throw malformed(target, 'choices[0] holds no text');
  const pieces = readTokenPieces(choice.logprobs);
  const serverTimings = timings(response.timings);
  const reasoning = choiceReasoning(choice);
  return {
    ...(reasoning !== null ? { reasoning } : {}),
    text,
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    promptTokens: count(response.usage?.prompt_tokens),
    completionTokens: count(response.usage?.completion_tokens),
    model: typeof response.model === 'string' ? response.model : null,
    pieces: pieces ? [{ pieces, at: null, count: null }] : [],
    firstTokenAt: null,
    ...(serverTimings ? { serverTimings } : {}),
  };
}

async function readStream(reply: Reply, start: number, deadline: number, target: string, secrets: readonly string[]): Promise<Reading> {
  const reading: Reading = { text: '', finishReason: null, promptTokens: null, completionTokens: null, model: null, pieces: [], firstTokenAt: null };
  let chunks = 0;
  let done = false;
  await eachEvent(reply.body, (event: ServerEvent, now: number): void => {
    // Events after [DONE] are read but not used, so the connection is left clean for the next request.
    if (done || (event.data === '' && event.event !== 'error')) return;
    if (event.data === '[DONE]') {
      done = true;
      return;
    }
    if (event.event === 'error') throw streamError(event.data, target, secrets);
    const chunk = asResponse(JSON.parse(event.data) as unknown, target, 'a stream chunk');
    if (chunk.error !== undefined && chunk.error !== null) throw streamError(event.data, target, secrets);
    chunks++;
    readChunk(chunk, reading, now - start, now, target);
  }, deadline);
  if (chunks === 0) throw malformed(target, 'the stream ended without a single chunk');
  if (reading.finishReason === null) throw malformed(target, 'the stream ended before a finish reason (cut short?)');
  return reading;
}

/** An `error` event, or a chunk holding `error`, in a stream that had begun with HTTP 200: the server gave up mid-answer. */
function streamError(data: string, target: string, secrets: readonly string[]): RequestError {
  let body: unknown = null;
  try {
    body = JSON.parse(data);
  } catch {
    // Plain words are still words.
  }
  const message = serverWords(body, data, secrets) ?? 'no message';
  const error = body !== null && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
  const code = error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  return new RequestError({ kind: kindOfStatus(typeof code === 'number' ? code : 500, message), target, reason: `the server reported an error mid-stream: ${message}` });
}

function readChunk(chunk: LooseResponse, reading: Reading, at: number, now: number, target: string): void {
  if (typeof chunk.model === 'string') reading.model = chunk.model;
  if (chunk.usage) {
    reading.promptTokens = count(chunk.usage.prompt_tokens) ?? reading.promptTokens;
    reading.completionTokens = count(chunk.usage.completion_tokens) ?? reading.completionTokens;
  }
  const serverTimings = timings(chunk.timings);
  if (serverTimings) reading.serverTimings = serverTimings;
  // Asked for timings with every token, llama.cpp says how many it has decoded so far: a chunk that holds
  // two tokens (one ended inside a UTF-8 character and was held back) is told apart from one that holds one.
  const decoded = serverTimings?.predicted_n;
  const before = reading.decoded ?? 0;
  if (decoded !== undefined) reading.decoded = decoded;
  // The usage chunk carries no choices.
  const choice = firstChoice(chunk, target, true);
  if (choice === null) return;
  const text = choiceText(choice);
  if (text !== undefined && text !== null && typeof text !== 'string') throw malformed(target, 'a stream chunk holds text that is not a string');
  if (typeof text === 'string' && text !== '') {
    reading.text += text;
    reading.firstTokenAt ??= now;
  }
  const reasoning = choiceReasoning(choice);
  if (reasoning !== null && reasoning !== '') {
    reading.reasoning = (reading.reasoning ?? '') + reasoning;
    reading.firstTokenAt ??= now;
  }
  const pieces = readTokenPieces(choice.logprobs);
  if (pieces && pieces.tokens.length > 0) reading.pieces.push({ pieces, at, count: decoded === undefined ? null : decoded - before });
  if (typeof choice.finish_reason === 'string') reading.finishReason = choice.finish_reason;
}

function finish(reading: Reading, request: GenerateRequest, start: number): Generation {
  const end = performance.now();
  // An empty completion (end-of-sequence at once) has no tokens to report, and needs none.
  let tokens: TokenSpan[] | null = request.wantTokens && reading.text === '' ? [] : null;
  if (request.wantTokens && reading.pieces.length > 0 && reading.text !== '') tokens = tokenSpans(reading, request);
  return {
    text: reading.text,
    finishReason: reading.finishReason,
    promptTokens: reading.promptTokens,
    completionTokens: reading.completionTokens ?? tokens?.length ?? null,
    responseModel: reading.model,
    tokens,
    start,
    end,
    firstTokenAt: reading.firstTokenAt,
    attempts: 1,
    cached: false,
    ...(reading.serverTimings ? { serverTimings: reading.serverTimings } : {}),
    ...(reading.reasoning !== undefined ? { reasoning: reading.reasoning } : {}),
  };
}

/**
 * One span per token the server generated. Pieces are placed in the text (token-ends.ts); a chunk the
 * server says held more tokens than pieces (llama.cpp holds back a token that ends inside a UTF-8
 * character and sends it with the next) gets the held tokens first, ending where the chunk starts (the
 * character boundary before their true end), marked inexact. Where the server says nothing of its
 * chunks and its count of tokens exceeds the pieces, every span from the first piece that could hold a
 * held token (one with a character beyond ASCII) on is inexact: which of them holds two is unknown.
 */
function tokenSpans(reading: Reading, request: GenerateRequest): TokenSpan[] | null {
  const joined = joinPieces(reading.pieces.map((p) => p.pieces));
  const ends = tokenEnds(reading.text, joined);
  if (ends === null) return null;
  const spans: TokenSpan[] = [];
  let placed = 0;
  let counted = false;
  for (const part of reading.pieces) {
    const pieces = part.pieces.tokens.length;
    if (part.count !== null) counted = true;
    const held = part.count !== null && part.count > pieces ? part.count - pieces : 0;
    const chunkStart = placed === 0 ? 0 : ends[placed - 1]!;
    for (let h = 0; h < held && placed < ends.length; h++) spans.push({ end: chunkStart, at: part.at, exact: false });
    for (let i = 0; i < pieces && placed < ends.length; i++) {
      // A merged piece's one entry (and log-probability) is its last token's: the held token before it has none.
      const logprob = joined.logprobs[placed] ?? null;
      spans.push({ end: ends[placed++]!, at: part.at, ...(logprob !== null ? { logprob } : {}) });
    }
  }
  // With a stop string, the token that held it counts in usage and may have no piece.
  const stopToken = reading.finishReason === 'stop' && request.stop.length > 0 ? 1 : 0;
  const unplaced = (reading.completionTokens ?? 0) - spans.length - stopToken;
  if (!counted && unplaced > 0) {
    let from = spans.findIndex((span, i) => /[^ -~\t\n\r]/.test(reading.text.slice(i === 0 ? 0 : spans[i - 1]!.end, span.end)));
    if (from === -1) from = 0;
    for (let i = from; i < spans.length; i++) spans[i] = { ...spans[i]!, exact: false };
  }
  return spans;
}
