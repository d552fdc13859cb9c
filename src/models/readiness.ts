// Waiting for a server that refused a request or answered 503 to list its models again: one poll per endpoint, shared by every request that waits.
import { probeModels } from './probe.js';
import { abortableSleep } from './retry.js';
import type { ServerKind } from '../vocabulary.js';

/**
 * Resolves true once the server is ready again, false when `withinMs` passed first; rejects when `signal`
 * (the requests', which the probes go out under) or `stop` (a stop was asked) aborts.
 */
type ServerReady = (withinMs: number, signal: AbortSignal, stop?: AbortSignal) => Promise<boolean>;

export interface ReadinessOptions {
  /** Between two probes of a server that is not ready. */
  intervalMs: number;
  /** Of one probe. */
  probeTimeoutMs: number;
}

export const DEFAULT_READINESS: ReadinessOptions = { intervalMs: 500, probeTimeoutMs: 5000 };

/**
 * Readiness of an endpoint served at `urls` (replicas: ready when any one lists its models). Requests
 * that wait share one poll, which runs only while some request waits: a restart of a server with 64
 * requests in flight costs one probe per interval, not 64.
 */
export function readinessOf(
  urls: readonly string[],
  kind: ServerKind,
  authorization: (url: string) => string | null,
  options: ReadinessOptions = DEFAULT_READINESS,
): ServerReady {
  let waiting = 0;
  let poll: Promise<void> | null = null;

  const probeOnce = async (signal: AbortSignal): Promise<boolean> => {
    const answers = await Promise.allSettled(
      urls.map((url) => probeModels(url, kind, { authorization: authorization(url), timeoutMs: options.probeTimeoutMs, signal })),
    );
    return answers.some((a) => a.status === 'fulfilled');
  };

  // Ends when the server is ready, when no request waits any more, or on the run's interrupt.
  const pollUntilReady = async (signal: AbortSignal): Promise<void> => {
    while (waiting > 0 && !signal.aborted) {
      if (await probeOnce(signal)) return;
      await abortableSleep(options.intervalMs, signal).catch(() => undefined);
    }
    throw new Error('no request waits for the server any more');
  };

  /** Settles when the server is ready; a poll that ended just as this request began waiting is started again. */
  const ready = async (signal: AbortSignal, over: () => boolean): Promise<boolean> => {
    while (!over()) {
      try {
        await (poll ??= pollUntilReady(signal).finally(() => (poll = null)));
        return true;
      } catch {
        // The poll ended for want of waiters, or on the interrupt, which the caller sees for itself.
      }
    }
    return false;
  };

  return async (withinMs, signal, stop) => {
    // The wait ends on either; the probes go out under the requests' signal, whose connections the run closes.
    const until = stop === undefined ? signal : AbortSignal.any([signal, stop]);
    if (until.aborted) throw until.reason;
    waiting++;
    let over = false;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    try {
      return await Promise.race([
        ready(signal, () => over || until.aborted),
        // Node fires a longer timer at once: a very long wait is cut to about 24 days.
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), Math.min(withinMs, 2 ** 31 - 1)))),
        new Promise<boolean>((_, reject) => {
          onAbort = () => reject(until.reason);
          until.addEventListener('abort', onAbort, { once: true });
        }),
      ]);
    } finally {
      over = true;
      waiting--;
      clearTimeout(timer);
      if (onAbort) until.removeEventListener('abort', onAbort);
    }
  };
}
