// Bounded retries around a model: exponential backoff with jitter, Retry-After honoured, a server that is down waited for, only what can succeed later.
import { performance } from 'node:perf_hooks';
import { RequestError } from './request-error.js';
import type { ModelApi } from './types.js';

export interface RetryPolicy {
  /** Requests in all, the first included. */
  attempts: number;
  /** First backoff; each later one doubles, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is cut to it, so one server cannot stall a sweep for hours. */
  maxRetryAfterMs: number;
  /**
   * How long, in all, one request waits for a server that refused it or answered 503 to be ready again
   * (a restart, a model loading) before its item is failed.
   */
  serverWaitMs: number;
}

export const DEFAULT_RETRY: Omit<RetryPolicy, 'attempts'> = { baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 120_000, serverWaitMs: 60_000 };

export interface RetryDeps {
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1): the jitter. */
  random: () => number;
  /** Told of each retry, e.g. for a log line. */
  onRetry?: (error: RequestError, attempt: number, delayMs: number) => void;
  /** Resolves true once the server is ready again, false when `withinMs` passed first (readiness.ts). */
  serverReady?: (withinMs: number, signal: AbortSignal, stop?: AbortSignal) => Promise<boolean>;
  now?: () => number;
  /**
   * Aborted once a stop is asked (Ctrl-C, a scheduler's cancel, which may stop the servers too): a request
   * that fails after it is not tried again, and a wait to retry ends, so its item is left to do at once.
   */
  stopSignal?: AbortSignal;
}

/** Backoff before attempt `attempt + 1`: the server's Retry-After, else half the doubled delay plus a random half. */
export function retryDelay(error: RequestError, attempt: number, policy: RetryPolicy, random: () => number): number {
  if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function withRetries(api: ModelApi, policy: RetryPolicy, deps: RetryDeps): ModelApi {
  const now = deps.now ?? (() => performance.now());
  return {
    async generate(request, signal) {
      let waitedMs = 0;
      for (let attempt = 1; ; attempt++) {
        try {
          const generation = await api.generate(request, signal);
          return { ...generation, attempts: attempt };
        } catch (error) {
          if (!(error instanceof RequestError)) throw error;
          const stop = deps.stopSignal;
          if (!error.retryable || attempt >= policy.attempts || signal.aborted || stop?.aborted) throw error.withAttempts(attempt);
          const delay = retryDelay(error, attempt, policy, deps.random);
          deps.onRetry?.(error, attempt, delay);
          const interrupted = () => new RequestError({ kind: 'aborted', target: error.target, reason: 'interrupted while waiting to retry' }, attempt);
          try {
            await deps.sleep(delay, stop ? AbortSignal.any([signal, stop]) : signal);
          } catch {
            throw interrupted();
          }
          // A server that is down or still loading is waited for, within a budget, rather than asked again in vain.
          if (error.unavailable && deps.serverReady !== undefined && policy.serverWaitMs > 0) {
            const from = now();
            let ready: boolean;
            try {
              ready = waitedMs < policy.serverWaitMs && (await deps.serverReady(policy.serverWaitMs - waitedMs, signal, stop));
            } catch {
              throw interrupted();
            }
            waitedMs += now() - from;
            if (!ready) throw notReadyAgain(error, policy.serverWaitMs, attempt);
          }
        }
      }
    },
  };
}

function notReadyAgain(error: RequestError, serverWaitMs: number, attempts: number): RequestError {
  const reason = `${error.reason}; the server was not ready again within ${serverWaitMs / 1000} s`;
  return new RequestError({ kind: error.kind, target: error.target, reason, ...(error.status !== undefined ? { status: error.status } : {}), unavailable: true, cause: error.cause }, attempts);
}
