// Turning whatever a request threw into a RequestError: an interrupt, a timeout, a refused or cut connection.
import { AnswerCutOff, ConnectionError, DeadlinePassed, Interrupted } from './http-post.js';
import { RequestError } from './request-error.js';
import { jsonFailure, redact } from './server-words.js';

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

export interface FailureContext {
  target: string;
  /** The run was interrupted: the item is left to do, whatever the cut request threw. */
  aborted: boolean;
  /** The request's deadline had passed. */
  timedOut: boolean;
  timeoutMs: number;
  secrets: readonly string[];
}

export function requestFailure(error: unknown, context: FailureContext): RequestError {
  const { target } = context;
  const clean = (text: string) => redact(text, context.secrets);
  // Checked first: a request cut by the interrupt or the deadline ends in an error of its own that says less.
  if (context.aborted || error instanceof Interrupted) return new RequestError({ kind: 'aborted', target, reason: 'interrupted', cause: error });
  if (context.timedOut || error instanceof DeadlinePassed) {
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
  if (isCutOff(error)) return new RequestError({ kind: 'connection', target, reason: `the response was cut off: ${clean(causeText(error))}` });
  // Anything else is gkt's own failure: said as such, and not retried as if the network were at fault.
  return new RequestError({ kind: 'internal', target, reason: `gkt failed while reading the answer: ${clean(causeText(error))}`, cause: error });
}

function isCutOff(error: unknown): boolean {
  if (error instanceof AnswerCutOff || error instanceof ConnectionError) return true;
  if (typeof (error as NodeJS.ErrnoException | null)?.code === 'string') return true;
  return error instanceof TypeError && (error.message === 'terminated' || error.cause !== undefined);
}
