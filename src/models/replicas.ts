// Data-parallel replicas of one model: each request goes to the replica with the fewest requests in flight.
import { performance } from 'node:perf_hooks';
import { RequestError, type FailureKind } from './request-error.js';
import type { ModelApi } from './types.js';

/** Failures that say the replica, not the request, is in trouble. */
const REPLICA_FAILURES: ReadonlySet<FailureKind> = new Set(['connection', 'timeout', 'server', 'rate-limited']);

export interface SpreadOptions {
  /** How long a replica that just failed is passed over while another is well. */
  restMs: number;
  now: () => number;
}

export const DEFAULT_SPREAD: SpreadOptions = { restMs: 5000, now: () => performance.now() };

export function spreadOverReplicas(replicas: readonly ModelApi[], options: SpreadOptions = DEFAULT_SPREAD): ModelApi {
  if (replicas.length === 1) return replicas[0]!;
  const inFlight = replicas.map(() => 0);
  // A replica that failed rests a while, so a dead one costs one attempt, not one per request.
  const restingUntil = replicas.map(() => -Infinity);
  let turn = 0;

  const pick = (): number => {
    const now = options.now();
    const awake = replicas.map((_, i) => i).filter((i) => restingUntil[i]! <= now);
    const candidates = awake.length > 0 ? awake : replicas.map((_, i) => i);
    // Ties go round the replicas in turn, so one retried request moves on to another.
    let best = -1;
    for (let step = 0; step < replicas.length; step++) {
      const i = (turn + step) % replicas.length;
      if (candidates.includes(i) && (best === -1 || inFlight[i]! < inFlight[best]!)) best = i;
    }
    turn = best + 1;
    return best;
  };

  return {
    async generate(request, signal) {
      const best = pick();
      inFlight[best]!++;
      try {
        const generation = await replicas[best]!.generate(request, signal);
        restingUntil[best] = -Infinity;
        return generation;
      } catch (error) {
        if (error instanceof RequestError && REPLICA_FAILURES.has(error.kind)) restingUntil[best] = options.now() + options.restMs;
        throw error;
      } finally {
        inFlight[best]!--;
      }
    },
  };
}
