// Turning whatever a request threw, or a status it got, into a RequestError: an interrupt, a timeout, a refused or cut connection, the server's words.
import { readText } from './body-reading.js';
import { RequestError, kindOfStatus, retryAfterMs } from './request-error.js';
import { jsonFailure, redact, wordsOfText } from './server-words.js';
import { parseAddress, type Address, type Reply } from './transport.js';
import { AnswerCutOff, ConnectionError, DeadlinePassed, Interrupted } from './transport-errors.js';

function causeText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    parts.push(code && !current.message.includes(code) ? `${current.message} (${code})` : current.message);
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
  if (error instanceof ConnectionError) return connectionFailed(error, target, context.secrets);
  if (error instanceof SyntaxError) {
    return new RequestError({ kind: 'malformed', target, reason: `the response is ${jsonFailure(error)}` });
  }
  // A body cut mid-way surfaces as a socket error (ECONNRESET, undici's "other side closed") or an early close.
  if (isCutOff(error)) return new RequestError({ kind: 'connection', target, reason: `the response was cut off: ${clean(causeText(error))}` });
  // Anything else is gkt's own failure: said as such, and not retried as if the network were at fault.
  return new RequestError({ kind: 'internal', target, reason: `gkt failed while reading the answer: ${clean(causeText(error))}`, cause: error });
}

function isCutOff(error: unknown): boolean {
  if (error instanceof AnswerCutOff) return true;
  return typeof (error as NodeJS.ErrnoException | null)?.code === 'string';
}

/** A URL that cannot be parsed fails each request with a message, rather than the run. */
export function addressOf(href: string, target: string): Address {
  try {
    return parseAddress(href);
  } catch {
    throw new RequestError({ kind: 'client', target, reason: 'not a valid URL' });
  }
}

/** A request that reached no server; a refused connection says the server is not there, which is worth waiting for. */
export function connectionFailed(error: ConnectionError, target: string, secrets: readonly string[]): RequestError {
  return new RequestError({ kind: 'connection', target, reason: `connection failed: ${redact(error.message, secrets)}`, unavailable: error.refused });
}

/**
 * A reply whose status is not 2xx, as a RequestError with the server's own words, wherever its body puts
 * them. The body is read to its end, so the connection stays open for the next request.
 */
export async function statusFailure(reply: Reply, deadline: number, target: string, secrets: readonly string[]): Promise<RequestError> {
  const text = await readText(reply.body, deadline);
  const message = wordsOfText(text, secrets) ?? `status ${reply.status}`;
  const wait = retryAfterMs(reply.headers);
  return new RequestError({
    kind: kindOfStatus(reply.status, message),
    target,
    reason: `HTTP ${reply.status}: ${message}`,
    status: reply.status,
    ...(wait !== undefined ? { retryAfterMs: wait } : {}),
  });
}
