// Asking a server which models it serves, and waiting until it answers at all.
import { serverRoot } from './http-post.js';
import { timerMs } from './deadline.js';
import { abortableSleep } from './retry.js';
import type { ServerKind } from './types.js';

export interface ProbeOptions {
  apiKey: string | null;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface ServedModel {
  id: string;
  /** Context length where the server tells it (vLLM's `max_model_len`). */
  contextLength: number | null;
}

/** GET /v1/models (Ollama: /api/tags); throws with the reason when the server does not answer as expected. */
export async function probeModels(url: string, kind: ServerKind, options: ProbeOptions): Promise<ServedModel[]> {
  const native = kind === 'ollama';
  const target = native ? `${serverRoot(url)}/api/tags` : `${url}/models`;
  let response: Response;
  let text: string;
  try {
    // The timeout covers the body too: a server that sends headers and then nothing is not ready.
    response = await fetch(target, {
      headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(timerMs(options.timeoutMs))]),
    });
    text = await response.text();
  } catch (error) {
    const cause = (error as Error).cause as NodeJS.ErrnoException | undefined;
    throw new Error(`GET ${target}: ${cause?.code ?? (error as Error).message}`, { cause: error });
  }
  if (!response.ok) throw new Error(`GET ${target}: HTTP ${response.status}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`GET ${target}: the answer is not JSON`);
  }
  const list = (body as { data?: unknown; models?: unknown } | null)?.[native ? 'models' : 'data'];
  if (!Array.isArray(list)) throw new Error(`GET ${target}: no "${native ? 'models' : 'data'}" list in the answer`);
  return list.flatMap((entry: unknown): ServedModel[] => {
    const e = entry as Record<string, unknown> | null;
    const id = native ? (e?.name ?? e?.model) : e?.id;
    if (typeof id !== 'string') return [];
    const context = e?.max_model_len;
    return [{ id, contextLength: typeof context === 'number' ? context : null }];
  });
}

export async function listServedModels(url: string, kind: ServerKind, options: ProbeOptions): Promise<string[]> {
  return (await probeModels(url, kind, options)).map((m) => m.id);
}

/** Polls until the server lists its models, or throws the last reason once `timeoutMs` has passed. */
export async function waitForReady(
  url: string,
  kind: ServerKind,
  options: { timeoutMs: number; intervalMs: number; signal: AbortSignal; apiKey?: string | null },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let last: string;
  for (;;) {
    if (options.signal.aborted) throw new Error('interrupted while waiting for the server');
    try {
      await probeModels(url, kind, { apiKey: options.apiKey ?? null, timeoutMs: Math.min(5000, options.timeoutMs), signal: options.signal });
      return;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() + options.intervalMs > deadline) throw new Error(`not ready within ${options.timeoutMs / 1000} s (${last})`);
    await abortableSleep(options.intervalMs, options.signal).catch(() => undefined);
  }
}
