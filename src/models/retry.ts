// Bounded retries around a model: exponential backoff with jitter, Retry-After honoured, only what can succeed later.
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
}

export const DEFAULT_RETRY: Omit<RetryPolicy, 'attempts'> = { baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 120_000 };

export interface RetryDeps {
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1): the jitter. */
  random: () => number;
  /** Told of each retry, e.g. for a log line. */
  onRetry?: (error: RequestError, attempt: number, delayMs: number) => void;
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
  return {
    async generate(request, signal) {
      for (let attempt = 1; ; attempt++) {
        try {
          const generation = await api.generate(request, signal);
          return { ...generation, attempts: attempt };
        } catch (error) {
          if (!(error instanceof RequestError)) throw error;
          if (!error.retryable || attempt >= policy.attempts || signal.aborted) throw error.withAttempts(attempt);
          const delay = retryDelay(error, attempt, policy, deps.random);
          deps.onRetry?.(error, attempt, delay);
          try {
            await deps.sleep(delay, signal);
          } catch {
            throw new RequestError({ kind: 'aborted', target: error.target, reason: 'interrupted while waiting to retry' }, attempt);
          }
        }
      }
    },
  };
}
