// One model behind Ollama's native /api/generate with raw prompts (its /v1 routes would wrap them in a chat template).
import { performance } from 'node:perf_hooks';
import { redact, requestFailure, timeBox } from './failure.js';
import { ollamaBody } from './request-body.js';
import { RequestError, kindOfStatus } from './request-error.js';
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

/** `http://host:11434/v1` and `http://host:11434` both name the server; the native API lives at its root. */
export function ollamaRoot(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/v1$/, '');
}

export function ollamaModel(endpoint: ModelEndpoint, url: string): ModelApi {
  const target = `POST ${ollamaRoot(url)}/api/generate`;
  const secrets = endpoint.apiKey ? [endpoint.apiKey] : [];
  return {
    async generate(request: GenerateRequest, signal: AbortSignal): Promise<Generation> {
      return timeBox(signal, endpoint.timeoutMs, async (boxed) => {
        const start = performance.now();
        try {
          const response = await fetch(`${ollamaRoot(url)}/api/generate`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}) },
            body: JSON.stringify(ollamaBody(endpoint, request)),
            signal: boxed.signal,
          });
          if (!response.ok) {
            const text = await response.text().catch(() => '');
            const message = redact(errorMessage(text) ?? response.statusText, secrets);
            throw new RequestError({ kind: kindOfStatus(response.status, message), target, reason: `HTTP ${response.status}: ${message}`, status: response.status });
          }
          return await readLines(response, request, start, target);
        } catch (error) {
          throw requestFailure(error, { target, boxed, timeoutMs: endpoint.timeoutMs, secrets });
        }
      });
    },
  };
}

function errorMessage(text: string): string | null {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    return typeof body.error === 'string' ? body.error : null;
  } catch {
    return text.trim() === '' ? null : text.trim().slice(0, 300);
  }
}

/** A streamed answer is one JSON object per line; an unstreamed one is a single object. */
async function readLines(response: Response, request: GenerateRequest, start: number, target: string): Promise<Generation> {
  let text = '';
  let firstTokenAt: number | null = null;
  let last: OllamaLine | null = null;
  let buffered = '';
  const decoder = new TextDecoder();
  const take = (line: string) => {
    if (line.trim() === '') return;
    let parsed: OllamaLine;
    try {
      parsed = JSON.parse(line) as OllamaLine;
    } catch (error) {
      throw new RequestError({ kind: 'malformed', target, reason: `a line of the answer is not valid JSON (${(error as Error).message})` });
    }
    if (typeof parsed.error === 'string') throw new RequestError({ kind: 'server', target, reason: `the server reported: ${parsed.error}` });
    if (typeof parsed.response === 'string' && parsed.response !== '') {
      text += parsed.response;
      firstTokenAt ??= performance.now();
    }
    last = parsed;
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
  const count = (v: unknown) => (typeof v === 'number' ? v : null);
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
  };
}
