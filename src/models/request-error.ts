// A model request that failed: what kind of failure, whether trying again can help, and how often it was tried.
import { GktError } from '../util/errors.js';

export const FAILURE_KINDS = [
  /** HTTP 429. */
  'rate-limited',
  /** HTTP 5xx. */
  'server',
  /** The prompt (plus max_tokens) does not fit the context, refused with a 400 or caught truncated. */
  'context',
  /** Any other 4xx: the request itself is wrong; sending it again will not help. */
  'client',
  /** No whole answer within the request timeout. */
  'timeout',
  /** Refused, reset or dropped connection. */
  'connection',
  /** An answer that is not what the API promises: bad JSON, no choices, no text. */
  'malformed',
  /** An answer from another model than the one asked for. */
  'wrong-model',
  /** Cut on purpose (Ctrl-C); the item is left to do, not recorded. */
  'aborted',
  /** gkt itself failed while reading the answer (a bug, to be reported): recorded, not retried. */
  'internal',
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

const RETRYABLE: ReadonlySet<FailureKind> = new Set(['rate-limited', 'server', 'timeout', 'connection', 'malformed']);

export function isRetryable(kind: FailureKind): boolean {
  return RETRYABLE.has(kind);
}

export interface RequestErrorDetails {
  kind: FailureKind;
  /** `POST http://127.0.0.1:8000/v1/completions`. */
  target: string;
  /** What went wrong, without the target; the server's own message where it gave one. */
  reason: string;
  status?: number;
  /** Milliseconds the server asked to wait (Retry-After), if it did. */
  retryAfterMs?: number;
  /**
   * The server is not there or not ready (a refused connection; HTTP 503, the default when the status is
   * 503): a restarting server answers so for a while, and is worth waiting for (see readiness.ts).
   */
  unavailable?: boolean;
  cause?: unknown;
}

export class RequestError extends GktError {
  readonly kind: FailureKind;
  readonly target: string;
  readonly reason: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly unavailable: boolean;
  /** Requests made in all, set by the retry policy. */
  attempts: number;

  constructor(details: RequestErrorDetails, attempts = 1) {
    super(`${details.target}: ${details.reason}${attempts > 1 ? ` after ${attempts} attempts` : ''}`, { cause: details.cause });
    this.kind = details.kind;
    this.target = details.target;
    this.reason = details.reason;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.unavailable = details.unavailable ?? details.status === 503;
    this.attempts = attempts;
  }

  get retryable(): boolean {
    return isRetryable(this.kind);
  }

  /** The same failure, counted over `attempts` requests (the message says so). */
  withAttempts(attempts: number): RequestError {
    return new RequestError(
      {
        kind: this.kind,
        target: this.target,
        reason: this.reason,
        ...(this.status !== undefined ? { status: this.status } : {}),
        ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
        unavailable: this.unavailable,
        cause: this.cause,
      },
      attempts,
    );
  }
}

/** Context refusals in each server's words; TGI's names `inputs` tokens + `max_new_tokens` instead of the context. */
const CONTEXT_MESSAGE =
  /context[ _-]?(length|size|window)|maximum context|exceeds? (the )?(context|available context)|prompt is too long|input (is )?too long|too many tokens|tokens \+ `?max_new_tokens`? must be/i;

/** The kind an HTTP error status stands for; a 400 that speaks of context length is a context failure. */
export function kindOfStatus(status: number, message: string): FailureKind {
  if (status === 429) return 'rate-limited';
  // llama.cpp answers a request that outgrows its context with a 500 (SERVERS.md): no retry will fit it.
  if (CONTEXT_MESSAGE.test(message) && (status === 400 || status === 413 || status === 422 || status === 500)) return 'context';
  if (status >= 500) return 'server';
  if (status === 408) return 'timeout';
  return 'client';
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; also the `retry-after-ms` some APIs send. */
export function retryAfterMs(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | undefined {
  if (headers === undefined) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
