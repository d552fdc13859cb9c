// Retry policy: backoff bounds, Retry-After capped, only retryable failures tried again, never more than allowed.
import { describe, expect, it } from 'vitest';
import { RequestError, type FailureKind } from '../../src/models/request-error.js';
import { abortableSleep, retryDelay, withRetries, type RetryPolicy } from '../../src/models/retry.js';
import type { Generation, ModelApi } from '../../src/models/types.js';
import { failureOf, never, request } from './helpers.js';

const policy: RetryPolicy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000, serverWaitMs: 0 };
const failure = (kind: FailureKind, retryAfterMs?: number) =>
  new RequestError({ kind, target: 'POST http://h/v1/completions', reason: 'r', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });

describe('retryDelay', () => {
  it.each([
    [1, 0, 50],
    [1, 0.999999, 100],
    [2, 0, 100],
    [3, 0.5, 300],
    [4, 0, 400],
    [5, 0.999999, 1000],
    [10, 0, 500],
    [30, 0.999999, 1000],
  ])('attempt %i with random %f waits %f ms (half the doubled delay plus up to as much again, capped)', (attempt, random, expected) => {
    expect(retryDelay(failure('server'), attempt, policy, () => random)).toBeCloseTo(expected, 2);
  });

  it('stays within [ceiling/2, ceiling] for any random draw', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      for (const r of [0, 0.1, 0.5, 0.9, 0.999]) {
        const delay = retryDelay(failure('timeout'), attempt, policy, () => r);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it.each([
    [0, 0],
    [1500, 1500],
    [5000, 5000],
    [3_600_000, 5000],
  ])('a Retry-After of %i ms waits %i ms', (after, expected) => {
    expect(retryDelay(failure('rate-limited', after), 1, policy, () => 0.5)).toBe(expected);
  });
});

/** A model that fails with the given kinds in turn, then answers. */
function scripted(kinds: FailureKind[]): { api: ModelApi; calls: () => number } {
  let calls = 0;
  const api: ModelApi = {
    async generate() {
      const kind = kinds[calls++];
      if (kind !== undefined) throw failure(kind);
      return { text: 'ok', finishReason: 'stop', promptTokens: 1, completionTokens: 1, responseModel: 'm', tokens: null, start: 0, end: 1, firstTokenAt: null, attempts: 1, cached: false } satisfies Generation;
    },
  };
  return { api, calls: () => calls };
}

describe('withRetries', () => {
  const deps = (waits: number[]) => ({ sleep: async (ms: number) => void waits.push(ms), random: () => 0 });

  it('retries retryable failures and counts the attempts', async () => {
    const waits: number[] = [];
    const { api, calls } = scripted(['rate-limited', 'server', 'connection', 'malformed']);
    const generation = await withRetries(api, policy, deps(waits)).generate(request(), never);
    expect(generation.attempts).toBe(5);
    expect(calls()).toBe(5);
    expect(waits).toEqual([50, 100, 200, 400]);
  });

  it.each([['client'], ['context'], ['wrong-model'], ['aborted']] as const)('gives up at once on %s', async (kind) => {
    const { api, calls } = scripted([kind]);
    const error = await failureOf(withRetries(api, policy, deps([])).generate(request(), never));
    expect(error).toMatchObject({ kind, attempts: 1 });
    expect(calls()).toBe(1);
  });

  it('stops after the allowed attempts with the last failure', async () => {
    const { api, calls } = scripted(['server', 'server', 'timeout', 'server', 'server', 'server']);
    const error = await failureOf(withRetries(api, { ...policy, attempts: 3 }, deps([])).generate(request(), never));
    expect(error).toMatchObject({ kind: 'timeout', attempts: 3 });
    expect(error.message).toMatch(/after 3 attempts$/);
    expect(calls()).toBe(3);
  });

  it('an abort while waiting to retry ends as aborted, without another request', async () => {
    const controller = new AbortController();
    const { api, calls } = scripted(['server', 'server']);
    const pending = withRetries(api, { ...policy, baseDelayMs: 60_000, maxDelayMs: 60_000 }, { sleep: abortableSleep, random: () => 0 }).generate(request(), controller.signal);
    setTimeout(() => controller.abort(), 5);
    const error = await failureOf(pending);
    expect(error).toMatchObject({ kind: 'aborted', attempts: 1 });
    expect(calls()).toBe(1);
  });

  describe('a server that is down', () => {
    const down = () => new RequestError({ kind: 'connection', target: 'POST http://h/v1/completions', reason: 'connection failed: ECONNREFUSED', unavailable: true });
    /** A model that is down `times` times, then answers; and a clock that readiness waits move. */
    function downThenUp(times: number) {
      let calls = 0;
      let clock = 0;
      const api: ModelApi = {
        async generate() {
          if (calls++ < times) throw down();
          return { text: 'ok', finishReason: 'stop', promptTokens: 1, completionTokens: 1, responseModel: 'm', tokens: null, start: 0, end: 1, firstTokenAt: null, attempts: 1, cached: false };
        },
      };
      return { api, calls: () => calls, now: () => clock, advance: (ms: number) => (clock += ms) };
    }

    it('is waited for within what is left of the budget, then asked again', async () => {
      const model = downThenUp(2);
      const asked: number[] = [];
      const serverReady = async (withinMs: number) => {
        asked.push(withinMs);
        model.advance(400);
        return true;
      };
      const generation = await withRetries(model.api, { ...policy, serverWaitMs: 1000 }, { ...deps([]), serverReady, now: model.now }).generate(request(), never);
      expect(generation.attempts).toBe(3);
      expect(asked).toEqual([1000, 600]);
    });

    it('fails the item when it is not ready in time, or the budget is spent, saying so', async () => {
      const notReady = downThenUp(5);
      const error = await failureOf(withRetries(notReady.api, { ...policy, serverWaitMs: 300 }, { ...deps([]), serverReady: async () => false }).generate(request(), never));
      expect(error).toMatchObject({ kind: 'connection', attempts: 1, unavailable: true });
      expect(error.message).toBe('POST http://h/v1/completions: connection failed: ECONNREFUSED; the server was not ready again within 0.3 s');
      const spent = downThenUp(5);
      // The server comes back 300 ms into each wait: ready within the first, not within what is left for the second.
      const spend = async (withinMs: number) => (spent.advance(Math.min(withinMs, 300)), withinMs >= 300);
      const late = await failureOf(withRetries(spent.api, { ...policy, serverWaitMs: 500 }, { ...deps([]), serverReady: spend, now: spent.now }).generate(request(), never));
      expect(late).toMatchObject({ attempts: 2 });
      expect(late.message).toMatch(/not ready again within 0\.5 s after 2 attempts$/);
    });

    it('is not waited for when the wait is off, nor after a failure that says nothing of the server', async () => {
      let waited = 0;
      const serverReady = async () => (waited++, true);
      await withRetries(downThenUp(2).api, { ...policy, serverWaitMs: 0 }, { ...deps([]), serverReady }).generate(request(), never);
      await withRetries(scripted(['server', 'connection', 'timeout']).api, { ...policy, serverWaitMs: 60_000 }, { ...deps([]), serverReady }).generate(request(), never);
      expect(waited).toBe(0);
    });
  });

  it('passes on what is not a request failure untouched', async () => {
    const bug = new TypeError('a bug');
    const api: ModelApi = { generate: async () => Promise.reject(bug) };
    expect(await failureOf(withRetries(api, policy, deps([])).generate(request(), never))).toBe(bug);
  });
});
