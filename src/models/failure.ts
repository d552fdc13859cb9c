// Turning whatever a request threw into a RequestError, and the timeout every request runs under.
import OpenAI from 'openai';
import { RequestError, kindOfStatus, retryAfterMs } from './request-error.js';

export interface TimeBox {
  /** Aborted by the caller's signal or by the timeout. */
  signal: AbortSignal;
  timedOut: () => boolean;
  /** The caller's own signal: aborted means an interrupt, not a failure. */
  outer: AbortSignal;
}

/**
 * Runs `work` under a deadline covering the whole request, the body and every stream chunk included
 * (the SDK's own timeout stops at the response headers, so a server that hangs mid-stream would not end).
 */
export async function timeBox<T>(outer: AbortSignal, timeoutMs: number, work: (box: TimeBox) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timeout'));
  }, timeoutMs);
  const onAbort = () => controller.abort(outer.reason);
  if (outer.aborted) onAbort();
  else outer.addEventListener('abort', onAbort, { once: true });
  try {
    return await work({ signal: controller.signal, timedOut: () => timedOut, outer });
  } finally {
    clearTimeout(timer);
    outer.removeEventListener('abort', onAbort);
  }
}

/** Removes secrets (API keys) from text a server or library wrote, before it reaches records or logs. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
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

/** The server's own words from an error body: OpenAI's `{error: {message}}`, or a plain `{error: "..."}`. */
function serverMessage(error: InstanceType<typeof OpenAI.APIError>): string {
  const body = error.error as { message?: unknown; error?: unknown } | undefined;
  if (body && typeof body.message === 'string') return body.message;
  if (body && typeof body.error === 'string') return body.error;
  return error.message.replace(/^\d{3}\s*/, '');
}

export function requestFailure(
  error: unknown,
  context: { target: string; boxed: TimeBox; timeoutMs: number; secrets: readonly string[] },
): RequestError {
  const { target, boxed } = context;
  const clean = (text: string) => redact(text, context.secrets);
  if (error instanceof RequestError) return error;
  if (boxed.outer.aborted) return new RequestError({ kind: 'aborted', target, reason: 'interrupted', cause: error });
  if (boxed.timedOut() || error instanceof OpenAI.APIConnectionTimeoutError) {
    return new RequestError({ kind: 'timeout', target, reason: `no complete answer within ${context.timeoutMs / 1000} s` });
  }
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    const message = clean(serverMessage(error));
    const wait = retryAfterMs(error.headers);
    return new RequestError({
      kind: kindOfStatus(error.status, message),
      target,
      reason: `HTTP ${error.status}: ${message}`,
      status: error.status,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new RequestError({ kind: 'connection', target, reason: `connection failed: ${clean(causeText(error.cause ?? error))}` });
  }
  if (error instanceof SyntaxError) {
    return new RequestError({ kind: 'malformed', target, reason: `the response is not valid JSON (${clean(error.message)})` });
  }
  // A body or stream cut mid-way surfaces from fetch as a TypeError ("terminated") or a socket error.
  return new RequestError({ kind: 'connection', target, reason: `the response was cut off: ${clean(causeText(error))}` });
}
