// Issue a phase's jobs in static batches, with B kept in flight, or one at a time; stop issuing on request.
import type { Batching } from '../vocabulary.js';

export interface BatchInfo {
  index: number;
  /** performance.now() when the batch's requests were issued. */
  start: number;
}

export interface ScheduleOptions {
  batching: Batching;
  /** When this returns a reason, no further job starts; jobs already started finish. */
  stopReason: () => string | null;
  now: () => number;
}

export interface ScheduleOutcome {
  started: number;
  stopped: string | null;
}

/**
 * Runs `job` for each item. Static batching waits for a whole batch before the next (the reference
 * code's behaviour); continuous keeps `size` jobs running; serial is one at a time. A job that throws
 * stops the schedule and the error is rethrown once the jobs in flight have settled.
 */
export async function schedule<T>(
  items: readonly T[],
  job: (item: T, batch: BatchInfo | null) => Promise<void>,
  options: ScheduleOptions,
): Promise<ScheduleOutcome> {
  const { batching } = options;
  if (batching.kind === 'static') return staticBatches(items, job, batching.size, options);
  return inFlight(items, job, batching.kind === 'serial' ? 1 : batching.size, options);
}

async function staticBatches<T>(
  items: readonly T[],
  job: (item: T, batch: BatchInfo | null) => Promise<void>,
  size: number,
  options: ScheduleOptions,
): Promise<ScheduleOutcome> {
  let started = 0;
  for (let index = 0; index * size < items.length; index++) {
    const stopped = options.stopReason();
    if (stopped) return { started, stopped };
    const batch = items.slice(index * size, (index + 1) * size);
    const info: BatchInfo = { index, start: options.now() };
    started += batch.length;
    const results = await Promise.allSettled(batch.map((item) => job(item, info)));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  }
  return { started, stopped: options.stopReason() };
}

async function inFlight<T>(
  items: readonly T[],
  job: (item: T, batch: BatchInfo | null) => Promise<void>,
  size: number,
  options: ScheduleOptions,
): Promise<ScheduleOutcome> {
  let next = 0;
  let stopped: string | null = null;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    // Once any worker sees a reason to stop, all stop: a rate that dips back under its limit undoes nothing.
    while (next < items.length && failure === null && stopped === null) {
      stopped = options.stopReason();
      if (stopped !== null) return;
      const item = items[next++] as T;
      try {
        await job(item, null);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
  return { started: next, stopped: stopped ?? (next < items.length ? options.stopReason() : null) };
}
