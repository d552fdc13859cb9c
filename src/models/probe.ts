// Asking a server which models it serves, and waiting until it answers at all.
import { performance } from 'node:perf_hooks';
import { readText } from './body-reading.js';
import { abortableSleep } from './retry.js';
import { parseAddress, send, serverRoot, type Reply } from './transport.js';
import { unansweredReason } from './transport-errors.js';
import type { ServerKind } from '../vocabulary.js';

export interface ProbeOptions {
  /** The Authorization header the server wants (endpoint-auth.ts), or null. */
  authorization: string | null;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface ServedModel {
  id: string;
  /** Context length where the server tells it (vLLM's `max_model_len`). */
  contextLength: number | null;
}

/** Where a server lists its models: /v1/models, or Ollama's /api/tags. */
function listingUrl(url: string, kind: ServerKind): string {
  return kind === 'ollama' ? `${serverRoot(url)}/api/tags` : `${url.replace(/\/+$/, '')}/models`;
}

/** GET /v1/models (Ollama: /api/tags); throws with the reason when the server does not answer as expected. */
export async function probeModels(url: string, kind: ServerKind, options: ProbeOptions): Promise<ServedModel[]> {
  const native = kind === 'ollama';
  const target = listingUrl(url, kind);
  const fail = (reason: string, status?: number, cause?: unknown) => new ProbeFailed(`GET ${target}: ${reason}`, status, cause);
  // The timeout covers the body too: a server that sends headers and then nothing is not ready.
  const limits = { signal: options.signal, deadline: performance.now() + options.timeoutMs };
  let reply: Reply;
  let text: string;
  try {
    reply = await send(parseAddress(target), { method: 'GET', headers: options.authorization ? { authorization: options.authorization } : {} }, limits);
    text = await readText(reply.body, limits.deadline);
  } catch (error) {
    throw fail(unansweredReason(error, options.timeoutMs), undefined, error);
  }
  const status = reply.status;
  if (status < 200 || status >= 300) throw fail(`HTTP ${status}`, status);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw fail('the answer is not JSON', status);
  }
  const list = (body as { data?: unknown; models?: unknown } | null)?.[native ? 'models' : 'data'];
  if (!Array.isArray(list)) throw fail(`no "${native ? 'models' : 'data'}" list in the answer`, status);
  return list.flatMap((entry: unknown): ServedModel[] => {
    const e = entry as Record<string, unknown> | null;
    const id = native ? (e?.name ?? e?.model) : e?.id;
    if (typeof id !== 'string') return [];
    const context = e?.max_model_len;
    return [{ id, contextLength: typeof context === 'number' ? context : null }];
  });
}

/** A probe that got no list of models. */
export class ProbeFailed extends Error {
  /** The HTTP status, when the server answered (a 2xx whose body holds no list of models included). */
  readonly status: number | undefined;

  constructor(message: string, status?: number, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.status = status;
  }
}

export async function listServedModels(url: string, kind: ServerKind, options: ProbeOptions): Promise<string[]> {
  return (await probeModels(url, kind, options)).map((m) => m.id);
}

/** Polls until the server lists its models, or throws the last reason once `timeoutMs` has passed. */
export async function waitForReady(
  url: string,
  kind: ServerKind,
  options: { timeoutMs: number; intervalMs: number; signal: AbortSignal; authorization?: string | null },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let last: string;
  for (;;) {
    if (options.signal.aborted) throw new Error('interrupted while waiting for the server');
    try {
      await probeModels(url, kind, { authorization: options.authorization ?? null, timeoutMs: Math.min(5000, options.timeoutMs), signal: options.signal });
      return;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() + options.intervalMs > deadline) throw new Error(`not ready within ${options.timeoutMs / 1000} s (${last})`);
    await abortableSleep(options.intervalMs, options.signal).catch(() => undefined);
  }
}
