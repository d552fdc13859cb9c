// One model behind one OpenAI-compatible URL, through the `openai` package: /v1/completions or /v1/chat/completions.
import OpenAI from 'openai';
import { performance } from 'node:perf_hooks';
import { openAiBody } from './request-body.js';
import { requestFailure, timeBox, timerMs, withServerWords } from './failure.js';
import { RequestError } from './request-error.js';
import { joinPieces, readTokenPieces, tokenEnds, type TokenPieces } from './token-ends.js';
import type { GenerateRequest, Generation, ModelApi, ModelEndpoint, TokenSpan } from './types.js';

/** What one choice of a response or stream chunk may carry, read defensively: servers differ. */
interface LooseChoice {
  text?: unknown;
  message?: { content?: unknown } | null;
  delta?: { content?: unknown } | null;
  logprobs?: unknown;
  finish_reason?: unknown;
}

interface LooseResponse {
  model?: unknown;
  choices?: unknown;
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
  timings?: unknown;
}

/**
 * The SDK keeps only the `error` field of an error body, so vLLM's top-level `message` (a context-length
 * refusal among them) would be lost; the whole body is read here for the server's words.
 */
class Client extends OpenAI {
  protected override makeStatusError(status: number, body: object, text: string | undefined, headers: Headers) {
    return withServerWords(super.makeStatusError(status, body, text, headers), body, text);
  }
}

export function openAiModel(endpoint: ModelEndpoint, url: string): ModelApi {
  const client = new Client({
    baseURL: url,
    // Local servers want no key; the SDK wants a string. A real key comes from the environment only.
    apiKey: endpoint.apiKey ?? 'none',
    // Said outright, or the SDK would read OPENAI_ORG_ID and OPENAI_PROJECT_ID and send them to every server.
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: timerMs(endpoint.timeoutMs),
    logLevel: 'off',
  });
  const path = endpoint.api === 'chat' ? '/chat/completions' : '/completions';
  const target = `POST ${url}${path}`;
  const secrets = endpoint.apiKey ? [endpoint.apiKey] : [];

  return {
    async generate(request: GenerateRequest, signal: AbortSignal): Promise<Generation> {
      const body = openAiBody(endpoint, request);
      return timeBox(signal, endpoint.timeoutMs, async (boxed) => {
        const start = performance.now();
        try {
          const options = { signal: boxed.signal, maxRetries: 0, timeout: timerMs(endpoint.timeoutMs) };
          const reading = request.stream
            ? await readStream((await client.post(path, { body, stream: true, ...options })) as AsyncIterable<unknown>, start, target, boxed.signal)
            : readWhole(await client.post(path, { body, ...options }), target);
          return finish(reading, request, start);
        } catch (error) {
          throw requestFailure(error, { target, boxed, timeoutMs: endpoint.timeoutMs, secrets });
        }
      });
    },
  };
}

/** A response read to its end, before token boundaries are worked out. */
interface Reading {
  text: string;
  finishReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  model: string | null;
  /** Token pieces with the time each arrived (ms after the start; null when not streamed). */
  pieces: Array<{ pieces: TokenPieces; at: number | null }>;
  firstTokenAt: number | null;
  serverTimings?: Record<string, number>;
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
  return {
    text,
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    promptTokens: count(response.usage?.prompt_tokens),
    completionTokens: count(response.usage?.completion_tokens),
    model: typeof response.model === 'string' ? response.model : null,
    pieces: pieces ? [{ pieces, at: null }] : [],
    firstTokenAt: null,
    ...(serverTimings ? { serverTimings } : {}),
  };
}

async function readStream(stream: AsyncIterable<unknown>, start: number, target: string, signal: AbortSignal): Promise<Reading> {
  const reading: Reading = { text: '', finishReason: null, promptTokens: null, completionTokens: null, model: null, pieces: [], firstTokenAt: null };
  let chunks = 0;
  for await (const value of stream) {
    const now = performance.now();
    const chunk = asResponse(value, target, 'a stream chunk');
    chunks++;
    if (typeof chunk.model === 'string') reading.model = chunk.model;
    if (chunk.usage) {
      reading.promptTokens = count(chunk.usage.prompt_tokens) ?? reading.promptTokens;
      reading.completionTokens = count(chunk.usage.completion_tokens) ?? reading.completionTokens;
    }
    const serverTimings = timings(chunk.timings);
    if (serverTimings) reading.serverTimings = serverTimings;
    // The usage chunk carries no choices.
    const choice = firstChoice(chunk, target, true);
    if (choice === null) continue;
    const text = choiceText(choice);
    if (text !== undefined && text !== null && typeof text !== 'string') throw malformed(target, 'a stream chunk holds text that is not a string');
    if (typeof text === 'string' && text !== '') {
      reading.text += text;
      reading.firstTokenAt ??= now;
    }
    const pieces = readTokenPieces(choice.logprobs);
    if (pieces && pieces.tokens.length > 0) reading.pieces.push({ pieces, at: now - start });
    if (typeof choice.finish_reason === 'string') reading.finishReason = choice.finish_reason;
  }
  // The SDK ends a stream quietly when it is aborted (timeout or interrupt): that is no answer.
  signal.throwIfAborted();
  if (chunks === 0) throw malformed(target, 'the stream ended without a single chunk');
  if (reading.finishReason === null) throw malformed(target, 'the stream ended before a finish reason (cut short?)');
  return reading;
}

function finish(reading: Reading, request: GenerateRequest, start: number): Generation {
  const end = performance.now();
  let tokens: TokenSpan[] | null = null;
  if (request.wantTokens && reading.pieces.length > 0) {
    const ends = tokenEnds(reading.text, joinPieces(reading.pieces.map((p) => p.pieces)));
    if (ends !== null) {
      const at = reading.pieces.flatMap((p) => p.pieces.tokens.map(() => p.at));
      tokens = ends.map((e, i) => ({ end: e, at: at[i] ?? null }));
    }
  }
  return {
    text: reading.text,
    finishReason: reading.finishReason,
    promptTokens: reading.promptTokens,
    completionTokens: reading.completionTokens ?? tokens?.length ?? null,
    model: reading.model,
    tokens,
    start,
    end,
    firstTokenAt: reading.firstTokenAt,
    attempts: 1,
    cached: false,
    ...(reading.serverTimings ? { serverTimings: reading.serverTimings } : {}),
  };
}
