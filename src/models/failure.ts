// Turning whatever a request threw into a RequestError, and the timeout every request runs under.
import { RequestError } from './request-error.js';

export interface TimeBox {
  /** Aborted by the caller's signal or by the timeout; made on first use (fetch wants one). */
  readonly signal: AbortSignal;
  /** Calls `cancel` when the request is to end (interrupt or timeout), at once if it already is. */
  onCancel(cancel: (reason: unknown) => void): void;
  timedOut: () => boolean;
  /** The caller's own signal: aborted means an interrupt, not a failure. */
  outer: AbortSignal;
}

/** Node fires a longer timer at once (after 1 ms), which would time out every request of a generous config. */
export function timerMs(ms: number): number {
  return Math.min(ms, 2 ** 31 - 1);
}

const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `fn` once `signal` aborts; returns how to stop waiting. Every request of a run waits on the
 * same signal: one listener on it serves them all, which costs far less than one EventTarget
 * listener added and removed per request.
 */
export function whenAborted(signal: AbortSignal, fn: () => void): () => void {
  if (signal.aborted) {
    fn();
    return () => undefined;
  }
  let set = waiting.get(signal);
  if (set === undefined) {
    const fns = new Set<() => void>();
    set = fns;
    waiting.set(signal, fns);
    signal.addEventListener('abort', () => {
      for (const f of [...fns]) f();
      fns.clear();
    }, { once: true });
  }
  const own = set;
  own.add(fn);
  return () => own.delete(fn);
}

/**
 * Runs `work` under a deadline covering the whole request, the body and every stream chunk included:
 * a server that sends its headers and then hangs mid-stream still ends the request.
 */
export async function timeBox<T>(outer: AbortSignal, timeoutMs: number, work: (box: TimeBox) => Promise<T>): Promise<T> {
  let timedOut = false;
  let ended: { reason: unknown } | null = null;
  const cancels: Array<(reason: unknown) => void> = [];
  let controller: AbortController | null = null;
  const end = (reason: unknown) => {
    if (ended !== null) return;
    ended = { reason };
    for (const cancel of cancels) cancel(reason);
    controller?.abort(reason);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    end(new Error('timeout'));
  }, timerMs(timeoutMs));
  const stopWaiting = whenAborted(outer, () => end(outer.reason));
  const box: TimeBox = {
    get signal() {
      if (controller === null) {
        controller = new AbortController();
        if (ended !== null) controller.abort((ended as { reason: unknown }).reason);
      }
      return controller.signal;
    },
    onCancel(cancel) {
      if (ended !== null) cancel((ended as { reason: unknown }).reason);
      else cancels.push(cancel);
    },
    timedOut: () => timedOut,
    outer,
  };
  try {
    return await work(box);
  } finally {
    clearTimeout(timer);
    stopWaiting();
  }
}

/** Removes secrets (API keys) from text a server or library wrote, before it reaches records or logs. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}

const WORDS_LIMIT = 500;

/**
 * The server's own words from an error body, wherever it put them: OpenAI, llama.cpp and newer vLLM
 * `{error: {message}}`, TGI and Ollama `{error: "..."}`, older vLLM and SGLang a top-level `message`,
 * FastAPI `detail`; else the body's text. Null when the body says nothing.
 */
export function serverWords(body: unknown, text: string | undefined): string | null {
  if (body !== null && typeof body === 'object') {
    const b = body as { error?: unknown; message?: unknown; detail?: unknown };
    const nested = b.error !== null && typeof b.error === 'object' ? (b.error as { message?: unknown }).message : undefined;
    for (const candidate of [nested, b.error, b.message, b.detail]) {
      if (typeof candidate === 'string' && candidate.trim() !== '') return candidate.trim().slice(0, WORDS_LIMIT);
    }
    const json = JSON.stringify(body);
    return json === '{}' ? null : json.slice(0, WORDS_LIMIT);
  }
  const trimmed = (text ?? (typeof body === 'string' ? body : '')).trim();
  return trimmed === '' ? null : trimmed.slice(0, WORDS_LIMIT);
}

function causeText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    parts.push(code ? `${current.message} (${code})` : current.message);
    current = current.cause;
  }
  return [...new Set(parts.filter((p) => p !== ''))].join(': ') || String(error);
}

/**
 * Why a body did not parse, without the snippet of it that JSON.parse quotes: a server that echoes a
 * key would otherwise leak its first characters, which no redaction of the whole key catches.
 */
export function jsonFailure(error: SyntaxError): string {
  const position = /position \d+/.exec(error.message)?.[0];
  return position ? `not valid JSON at ${position}` : 'not valid JSON';
}

export function requestFailure(
  error: unknown,
  context: { target: string; boxed: TimeBox; timeoutMs: number; secrets: readonly string[] },
): RequestError {
  const { target, boxed } = context;
  const clean = (text: string) => redact(text, context.secrets);
  // Checked first: a stream cut by the abort or the deadline ends in an error of its own that says less.
  if (boxed.outer.aborted) return new RequestError({ kind: 'aborted', target, reason: 'interrupted', cause: error });
  if (boxed.timedOut()) {
    return new RequestError({ kind: 'timeout', target, reason: `no complete answer within ${context.timeoutMs / 1000} s` });
  }
  if (error instanceof RequestError) return error;
  if (error instanceof SyntaxError) {
    return new RequestError({ kind: 'malformed', target, reason: `the response is ${jsonFailure(error)}` });
  }
  // fetch (Ollama's native API, probes) says only "fetch failed" when it could not connect; why is in its cause.
  if (error instanceof TypeError && error.message === 'fetch failed') {
    return new RequestError({ kind: 'connection', target, reason: `connection failed: ${clean(causeText(error.cause ?? error))}` });
  }
  // A body or stream cut mid-way surfaces as a socket error (ECONNRESET), fetch's "terminated", or an early close.
  return new RequestError({ kind: 'connection', target, reason: `the response was cut off: ${clean(causeText(error))}` });
}
