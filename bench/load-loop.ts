// Keeps `concurrency` requests in flight for a while and counts them, with the client's CPU time.
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  requests: number;
  ms: number;
  /** User + system CPU of this process over the loop, microseconds. */
  cpuUs: number;
}

/** `send(i)` makes request number i; each of `concurrency` workers sends its next one as soon as the last is answered. */
export async function loadLoop(send: (i: number) => Promise<unknown>, concurrency: number, durationMs: number): Promise<LoadResult> {
  let next = 0;
  let done = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (performance.now() - start < durationMs) {
      await send(next++);
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { requests: done, ms, cpuUs: used.user + used.system };
}

export function addLoad(a: LoadResult, b: LoadResult): LoadResult {
  return { requests: a.requests + b.requests, ms: a.ms + b.ms, cpuUs: a.cpuUs + b.cpuUs };
}

export const ZERO_LOAD: LoadResult = { requests: 0, ms: 0, cpuUs: 0 };
