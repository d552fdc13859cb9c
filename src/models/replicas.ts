// Data-parallel replicas of one model: each request goes to the replica with the fewest requests in flight.
import type { ModelApi } from './types.js';

export function spreadOverReplicas(replicas: readonly ModelApi[]): ModelApi {
  if (replicas.length === 1) return replicas[0]!;
  const inFlight = replicas.map(() => 0);
  let turn = 0;
  return {
    async generate(request, signal) {
      // Ties go round the replicas in turn, so one retried request moves on to another.
      let best = turn % replicas.length;
      for (let step = 1; step < replicas.length; step++) {
        const i = (turn + step) % replicas.length;
        if (inFlight[i]! < inFlight[best]!) best = i;
      }
      turn = best + 1;
      inFlight[best]!++;
      try {
        return await replicas[best]!.generate(request, signal);
      } finally {
        inFlight[best]!--;
      }
    },
  };
}
