import { describe, expect, it } from 'vitest';
import { schedule, type BatchInfo } from '../../src/cell/schedule.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Records, for each job, when it started and ended, and how many jobs ran at once; a job lasts ms, or until a promise. */
function tracker(durations: (i: number) => number | Promise<unknown>) {
  let running = 0;
  let peak = 0;
  const events: Array<{ item: number; start: number; end: number; batch: BatchInfo | null }> = [];
  let clock = 0;
  const job = async (item: number, batch: BatchInfo | null) => {
    running++;
    peak = Math.max(peak, running);
    const start = clock++;
    const lasts = durations(item);
    await (typeof lasts === 'number' ? tick(lasts) : lasts);
    events.push({ item, start, end: clock++, batch });
    running--;
  };
  return { job, events, peak: () => peak };
}

const noStop = { stopReason: () => null, now: () => performance.now() };

describe('schedule', () => {
  it('static batches never overlap: a batch waits for its slowest member', async () => {
    const t = tracker((i) => (i % 3 === 0 ? 30 : 2));
    const outcome = await schedule([0, 1, 2, 3, 4, 5, 6], t.job, { ...noStop, batching: { kind: 'static', size: 3 } });
    expect(outcome).toEqual({ started: 7, stopped: null });
    expect(t.peak()).toBe(3);
    const batches = [0, 1, 2].map((b) => t.events.filter((e) => e.batch?.index === b));
    expect(batches.map((b) => b.map((e) => e.item).sort())).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    for (let b = 1; b < batches.length; b++) {
      const previousEnd = Math.max(...batches[b - 1]!.map((e) => e.end));
      const nextStart = Math.min(...batches[b]!.map((e) => e.start));
      expect(nextStart).toBeGreaterThan(previousEnd);
    }
  });

  it('continuous batching keeps the given number in flight and starts the next as one finishes', async () => {
    // The slow item 0 lasts until the seven others have ended, or 5 s if they waited for it: by order, not by
    // timing, so a busy machine cannot change the outcome.
    let othersLeft = 7;
    let othersEnded: () => void = () => {};
    const slowItem = new Promise<void>((resolve) => {
      const giveUp = setTimeout(resolve, 5000);
      othersEnded = () => {
        clearTimeout(giveUp);
        setTimeout(resolve, 1);
      };
    });
    const t = tracker((i) => (i === 0 ? slowItem : tick(3).then(() => --othersLeft === 0 && othersEnded())));
    await schedule([0, 1, 2, 3, 4, 5, 6, 7], t.job, { ...noStop, batching: { kind: 'continuous', size: 3 } });
    expect(t.peak()).toBe(3);
    // The slow item 0 does not hold the others back: everything else is done before it.
    const slow = t.events.find((e) => e.item === 0)!;
    expect(t.events.filter((e) => e.item !== 0).every((e) => e.end < slow.end)).toBe(true);
    expect(t.events.every((e) => e.batch === null)).toBe(true);
  });

  it('serial runs one at a time, in order', async () => {
    const t = tracker(() => 1);
    await schedule([0, 1, 2, 3], t.job, { ...noStop, batching: { kind: 'serial' } });
    expect(t.peak()).toBe(1);
    expect(t.events.map((e) => e.item)).toEqual([0, 1, 2, 3]);
  });

  it.each([
    ['static', { kind: 'static', size: 2 } as const],
    ['continuous', { kind: 'continuous', size: 2 } as const],
    ['serial', { kind: 'serial' } as const],
  ])('%s: stops issuing when asked and lets started jobs finish', async (_name, batching) => {
    const t = tracker(() => 5);
    let stop: string | null = null;
    const outcome = await schedule(
      [0, 1, 2, 3, 4, 5, 6, 7],
      async (item, batch) => {
        await t.job(item, batch);
        if (item === 2) stop = 'interrupted';
      },
      { batching, now: () => 0, stopReason: () => stop },
    );
    expect(outcome.stopped).toBe('interrupted');
    expect(outcome.started).toBeLessThan(8);
    expect(t.events.length).toBe(outcome.started);
  });

  it.each([
    ['static', { kind: 'static', size: 2 } as const],
    ['continuous', { kind: 'continuous', size: 3 } as const],
  ])('%s: a reason to stop seen once holds, though it would not be given again', async (_name, batching) => {
    const t = tracker(() => 5);
    let asked = 0;
    // Like an error rate that crosses its limit, then dips back under it as later requests succeed.
    const stopReason = () => (++asked === 4 ? 'too many failures' : null);
    const outcome = await schedule([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], t.job, { batching, now: () => 0, stopReason });
    expect(outcome.stopped).toBe('too many failures');
    expect(outcome.started).toBeLessThan(12);
  });

  it('rethrows a job failure after the jobs in flight settle', async () => {
    const finished: number[] = [];
    await expect(
      schedule(
        [0, 1, 2, 3],
        async (item) => {
          await tick(item === 1 ? 1 : 10);
          if (item === 1) throw new Error('disk full');
          finished.push(item);
        },
        { ...noStop, batching: { kind: 'continuous', size: 2 } },
      ),
    ).rejects.toThrow('disk full');
    expect(finished).toContain(0);
  });
});
