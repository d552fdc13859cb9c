// The deadline every request runs under, and the one listener a run's signal carries for all requests.
import { describe, expect, it } from 'vitest';
import { timeBox, whenAborted } from '../../src/models/deadline.js';

describe('whenAborted', () => {
  it('tells each waiter once, and not those that stopped waiting', () => {
    const controller = new AbortController();
    const told: string[] = [];
    const stopA = whenAborted(controller.signal, () => told.push('a'));
    whenAborted(controller.signal, () => told.push('b'));
    stopA();
    controller.abort();
    controller.abort();
    expect(told).toEqual(['b']);
  });

  it('tells at once when the signal has already aborted', () => {
    const told: string[] = [];
    whenAborted(AbortSignal.abort(), () => told.push('now'));
    expect(told).toEqual(['now']);
  });
});

describe('timeBox', () => {
  it('cancels the work when its deadline passes, and says it timed out', async () => {
    let reason: unknown = null;
    const result = await timeBox(new AbortController().signal, 20, async (box) => {
      box.onCancel((why) => (reason = why));
      await new Promise((resolve) => setTimeout(resolve, 60));
      return box.timedOut();
    });
    expect(result).toBe(true);
    expect(reason).toBeInstanceOf(Error);
  });

  it('cancels the work on the caller’s interrupt, and the signal made for fetch is aborted too', async () => {
    const controller = new AbortController();
    const seen = await timeBox(controller.signal, 10_000, async (box) => {
      const cancelled = new Promise((resolve) => box.onCancel(resolve));
      controller.abort(new Error('Ctrl-C'));
      await cancelled;
      return { timedOut: box.timedOut(), fetchSignal: box.signal.aborted, outer: box.outer.aborted };
    });
    expect(seen).toEqual({ timedOut: false, fetchSignal: true, outer: true });
  });

  it('leaves no listener behind once the work is done', async () => {
    const controller = new AbortController();
    let called = 0;
    for (let i = 0; i < 100; i++) await timeBox(controller.signal, 10_000, async (box) => box.onCancel(() => called++));
    controller.abort();
    expect(called).toBe(0);
  });
});
