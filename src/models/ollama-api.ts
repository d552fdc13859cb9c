// One model behind Ollama's native /api/generate with raw prompts (its /v1 routes would wrap them in a chat template).
import { performance } from 'node:perf_hooks';
import { timeBox } from './deadline.js';
import { serverRoot } from './http-post.js';
import { requestFailure } from './failure.js';
import { jsonFailure, redact, wordsOfText } from './server-words.js';
import { ollamaBody } from './request-body.js';
import { RequestError, kindOfStatus, retryAfterMs } from './request-error.js';
import type { GenerateRequest, Generation, ModelApi, ModelEndpoint } from './types.js';

interface OllamaLine {
  model?: unknown;
  response?: unknown;
  done?: unknown;
  done_reason?: unknown;
  prompt_eval_count?: unknown;
  eval_count?: unknown;
  error?: unknown;
}

export function ollamaModel(endpoint: ModelEndpoint, url: string): ModelApi {
  const target = `POST ${serverRoot(url)}/api/generate`;
  const secrets = endpoint.apiKey ? [endpoint.apiKey] : [];
  return {
    async generate(request: GenerateRequest, signal: AbortSignal): Promise<Generation> {
      return timeBox(signal, endpoint.timeoutMs, async (boxed) => {
        const start = performance.now();
        try {
          const response = await fetch(`${serverRoot(url)}/api/generate`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}) },
            body: JSON.stringify(ollamaBody(endpoint, request)),
            signal: boxed.signal,
          });
          if (!response.ok) {
            const text = await response.text().catch(() => '');
            const message = wordsOfText(text, secrets) ?? response.statusText;
            const wait = retryAfterMs(response.headers);
            throw new RequestError({
              kind: kindOfStatus(response.status, message),
              target,
              reason: `HTTP ${response.status}: ${message}`,
              status: response.status,
              ...(wait !== undefined ? { retryAfterMs: wait } : {}),
            });
          }
          return await readLines(response, request, start, target, (text) => redact(text, secrets));
        } catch (error) {
          throw requestFailure(error, { target, aborted: boxed.outer.aborted, timedOut: boxed.timedOut(), timeoutMs: endpoint.timeoutMs, secrets });
        }
      });
    },
  };
}

/** Ollama's durations (nanoseconds; `load_duration` is the model load), kept as given. */
function durations(line: OllamaLine): Record<string, number> | undefined {
  const entries = Object.entries(line).filter((e): e is [string, number] => e[0].endsWith('_duration') && typeof e[1] === 'number');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** A streamed answer is one JSON object per line; an unstreamed one is a single object. */
async function readLines(response: Response, request: GenerateRequest, start: number, target: string, clean: (text: string) => string): Promise<Generation> {
  let text = '';
  let firstTokenAt: number | null = null;
  let last: OllamaLine | null = null;
  let buffered = '';
  const decoder = new TextDecoder();
  const take = (line: string) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw new RequestError({ kind: 'malformed', target, reason: `a line of the answer is ${jsonFailure(error as SyntaxError)}` });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new RequestError({ kind: 'malformed', target, reason: 'a line of the answer is not a JSON object' });
    const object = parsed as OllamaLine;
    if (typeof object.error === 'string') {
      const message = clean(object.error);
      throw new RequestError({ kind: kindOfStatus(500, message), target, reason: `the server reported an error mid-answer: ${message}` });
    }
    if (typeof object.response === 'string' && object.response !== '') {
      text += object.response;
      firstTokenAt ??= performance.now();
    }
    last = object;
  };
  if (response.body === null) throw new RequestError({ kind: 'malformed', target, reason: 'the answer has no body' });
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline;
    while ((newline = buffered.indexOf('\n')) !== -1) {
      take(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
    }
  }
  take(buffered + decoder.decode());
  const final = last as OllamaLine | null;
  if (final === null || final.done !== true) throw new RequestError({ kind: 'malformed', target, reason: 'the answer ended before "done"' });
  const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const serverTimings = durations(final);
  return {
    text,
    finishReason: typeof final.done_reason === 'string' ? final.done_reason : null,
    promptTokens: count(final.prompt_eval_count),
    completionTokens: count(final.eval_count),
    model: typeof final.model === 'string' ? final.model : null,
    tokens: null,
    start,
    end: performance.now(),
    firstTokenAt: request.stream ? firstTokenAt : null,
    attempts: 1,
    cached: false,
    ...(serverTimings ? { serverTimings } : {}),
  };
}
