// One model behind Ollama's native /api/generate with raw prompts (its /v1 routes would wrap them in a chat template).
import { performance } from 'node:perf_hooks';
import { eachLine } from './body-reading.js';
import { authorization, endpointSecrets } from './endpoint-auth.js';
import { poster } from './exchange.js';
import { jsonFailure, redact } from './server-words.js';
import { ollamaBody } from './request-body.js';
import { RequestError, kindOfStatus } from './request-error.js';
import { serverRoot, type Reply, type StaleListener } from './transport.js';
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

export function ollamaModel(endpoint: ModelEndpoint, url: string, onStale?: StaleListener): ModelApi {
  const href = `${serverRoot(url)}/api/generate`;
  const target = `POST ${href}`;
  const secrets = endpointSecrets(endpoint);
  const auth = authorization(endpoint, url);
  const post = poster({ href, target, headers: auth === null ? {} : { authorization: auth }, timeoutMs: endpoint.timeoutMs, secrets, ...(onStale ? { onStale } : {}) });
  return {
    generate: (request: GenerateRequest, signal: AbortSignal): Promise<Generation> =>
      post(JSON.stringify(ollamaBody(endpoint, request)), signal, (reply, deadline, start) =>
        readLines(reply, request, start, deadline, target, (text) => redact(text, secrets)),
      ),
  };
}

/** Ollama's durations (nanoseconds; `load_duration` is the model load), kept as given. */
function durations(line: OllamaLine): Record<string, number> | undefined {
  const entries = Object.entries(line).filter((e): e is [string, number] => e[0].endsWith('_duration') && typeof e[1] === 'number');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** A streamed answer is one JSON object per line; an unstreamed one is a single object. */
async function readLines(reply: Reply, request: GenerateRequest, start: number, deadline: number, target: string, clean: (text: string) => string): Promise<Generation> {
  let text = '';
  let firstTokenAt: number | null = null;
  let last: OllamaLine | null = null;
  await eachLine(reply.body, (line, now) => {
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
      firstTokenAt ??= now;
    }
    last = object;
  }, deadline);
  const final = last as OllamaLine | null;
  if (final === null || final.done !== true) throw new RequestError({ kind: 'malformed', target, reason: 'the answer ended before "done"' });
  const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const serverTimings = durations(final);
  return {
    text,
    finishReason: typeof final.done_reason === 'string' ? final.done_reason : null,
    promptTokens: count(final.prompt_eval_count),
    completionTokens: count(final.eval_count),
    responseModel: typeof final.model === 'string' ? final.model : null,
    tokens: null,
    start,
    end: performance.now(),
    firstTokenAt: request.stream ? firstTokenAt : null,
    attempts: 1,
    cached: false,
    ...(serverTimings ? { serverTimings } : {}),
  };
}
