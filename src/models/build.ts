// The model a run talks to: an adapter per replica URL (with its truncation check), spread, checked, retried and cached, in that order outwards.
import { withCache } from './cache.js';
import { withChecks } from './checks.js';
import { authorization } from './endpoint-auth.js';
import { ollamaModel } from './ollama-api.js';
import { openAiModel } from './openai-api.js';
import { DEFAULT_READINESS, readinessOf, type ReadinessOptions } from './readiness.js';
import { spreadOverReplicas } from './replicas.js';
import { RequestError } from './request-error.js';
import { serverCounter, withTruncationCheck } from './truncation.js';
import { DEFAULT_RETRY, abortableSleep, withRetries } from './retry.js';
import type { StaleListener } from './transport.js';
import type { ModelApi, ModelEndpoint } from './types.js';

export interface BuildOptions {
  /** Response cache folder, or null for none. */
  cacheDir: string | null;
  retry: { attempts: number; baseDelayMs?: number; maxDelayMs?: number; maxRetryAfterMs?: number; serverWaitMs?: number };
  /** Model ids the server listed at start-up (answers naming one of them are accepted). */
  served?: readonly string[];
  onRetry?: (error: RequestError, attempt: number, delayMs: number) => void;
  /** Told of each request sent again at once because its kept-alive connection had been closed. */
  onStale?: StaleListener;
  /** How a server that is down is polled until it is ready again. */
  readiness?: ReadinessOptions;
  /** Aborted once a stop is asked: no retry after it (retry.ts). */
  stopSignal?: AbortSignal;
}

/** One adapter for one URL: the API kind decides which. */
export function endpointModel(endpoint: ModelEndpoint, url: string, onStale?: StaleListener): ModelApi {
  return endpoint.api === 'ollama' ? ollamaModel(endpoint, url, onStale) : openAiModel(endpoint, url, onStale);
}

export function buildModelApi(endpoint: ModelEndpoint, options: BuildOptions): ModelApi {
  if (endpoint.urls.length === 0) throw new Error(`model "${endpoint.key}" has no URL to send requests to`);
  const spread = spreadOverReplicas(
    endpoint.urls.map((url) => {
      const model = endpointModel(endpoint, url, options.onStale);
      const counter = serverCounter(endpoint, url, options.onStale);
      return counter === null ? model : withTruncationCheck(model, counter, `POST ${url}/completions`);
    }),
  );
  const checked = withChecks(spread, endpoint, { served: options.served ?? [] }, endpoint.urls.join(' | '));
  const retried = withRetries(
    checked,
    { ...DEFAULT_RETRY, ...options.retry },
    {
      sleep: abortableSleep,
      random: Math.random,
      serverReady: readinessOf(endpoint.urls, endpoint.kind, (url) => authorization(endpoint, url), options.readiness ?? DEFAULT_READINESS),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
      ...(options.stopSignal ? { stopSignal: options.stopSignal } : {}),
    },
  );
  return options.cacheDir === null ? retried : withCache(retried, endpoint, options.cacheDir);
}
