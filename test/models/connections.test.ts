// Real servers' connection habits: a kept-alive connection the server closed costs no attempt and no backoff, and resending it is bounded.
import { describe, expect, it } from 'vitest';
import { buildModelApi } from '../../src/models/build.js';
import { STALE_RESENDS } from '../../src/models/transport.js';
import type { ConnectionHabit } from '../helpers/fake-openai.js';
import { answer } from '../helpers/fake-replies.js';
import { endpoint, failureOf, never, request, withFake } from './helpers.js';

/** A model that counts its retries (each of which would wait a minute) and its requests sent again on another connection. */
function counted(url: string, attempts = 3) {
  const seen = { retries: 0, stale: 0 };
  // No /tokenize calls (kind generic): every connection counted is a generation's.
  const api = buildModelApi(endpoint({ kind: 'generic', urls: [url], timeoutMs: 5000 }), {
    cacheDir: null,
    retry: { attempts, baseDelayMs: 60_000, maxDelayMs: 60_000, serverWaitMs: 0 },
    // A retry here would wait a minute: said at once instead.
    onRetry: (error) => {
      seen.retries++;
      throw new Error(`a retry, with its backoff, was paid for: ${error.message}`);
    },
    onStale: () => seen.stale++,
  });
  return { api, seen };
}

const habits: ConnectionHabit[] = ['close-after-stream', 'connection-close', { closeAfter: 3 }, 'drop-reused'];

describe('a server that closes its connections', () => {
  it.each(habits.flatMap((habit) => [true, false].map((stream) => [`${JSON.stringify(habit)}, ${stream ? 'streamed' : 'whole'}`, habit, stream] as const)))(
    '%s: every request answered at its first attempt, no backoff paid',
    async (_name, habit, stream) => {
      await withFake({ connections: habit, answer: () => answer('The answer is 42.', { finishReason: 'stop' }) }, async (fake) => {
        const { api, seen } = counted(fake.url);
        for (let i = 0; i < 12; i++) {
          const generation = await api.generate(request({ seed: i, stream }), never);
          expect(generation).toMatchObject({ text: 'The answer is 42.', attempts: 1 });
        }
        expect(seen.retries).toBe(0);
        expect(fake.received('completions')).toHaveLength(12);
        // Each request the server dropped on a connection it had closed was sent again, and counted nowhere else.
        expect(seen.stale).toBe(fake.dropped());
        if (habit === 'drop-reused') expect(fake.dropped()).toBeGreaterThan(0);
        if (habit === 'close-after-stream' && stream) expect(fake.connections()).toBe(12);
      });
    },
  );

  it('with many requests in flight, as a teacher batch sends them', async () => {
    await withFake({ connections: 'drop-reused', answer: () => answer('The answer is 42.', { finishReason: 'stop', delayMs: 5 }) }, async (fake) => {
      const { api, seen } = counted(fake.url);
      for (let batch = 0; batch < 4; batch++) {
        const generations = await Promise.all(Array.from({ length: 8 }, (_, i) => api.generate(request({ seed: batch * 8 + i, stream: true }), never)));
        expect(generations.every((g) => g.attempts === 1)).toBe(true);
      }
      expect(seen.retries).toBe(0);
      expect(fake.dropped()).toBeGreaterThan(0);
      expect(seen.stale).toBe(fake.dropped());
    });
  });

  it('sends a request again at most a few times per attempt, however many dead connections the pool holds', async () => {
    await withFake({ connections: 'drop-reused', answer: () => answer('The answer is 42.', { finishReason: 'stop', delayMs: 30 }) }, async (fake) => {
      const { api, seen } = counted(fake.url, 1);
      // Ten connections, each of which has answered once: every one of them now drops what it is sent.
      await Promise.all(Array.from({ length: 10 }, (_, i) => api.generate(request({ seed: i }), never)));
      expect(fake.connections()).toBe(10);
      const outcome = await api.generate(request({ seed: 99 }), never).catch((error: unknown) => error);
      expect(fake.dropped()).toBeLessThanOrEqual(STALE_RESENDS + 1);
      if (fake.dropped() === STALE_RESENDS + 1) {
        // Every send found a dead connection: an ordinary failure, counted once, not a loop.
        expect(outcome).toMatchObject({ kind: 'connection', attempts: 1 });
      } else {
        expect(outcome).toMatchObject({ text: 'The answer is 42.', attempts: 1 });
      }
      expect(seen.stale).toBe(Math.min(fake.dropped(), STALE_RESENDS));
      expect(seen.retries).toBe(0);
    });
  });

  it('a connection reset before any answer on a new connection is an ordinary, counted failure', async () => {
    await withFake({ answer: (_r, n) => (n === 1 ? { type: 'reset', at: 'before-headers' } : answer('The answer is 42.')) }, async (fake) => {
      const api = buildModelApi(endpoint({ urls: [fake.url] }), { cacheDir: null, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, serverWaitMs: 0 } });
      expect((await api.generate(request(), never)).attempts).toBe(2);
      const failing = buildModelApi(endpoint({ urls: [fake.url] }), { cacheDir: null, retry: { attempts: 1, serverWaitMs: 0 } });
      fake.setAnswer(() => ({ type: 'reset', at: 'before-headers' }));
      expect(await failureOf(failing.generate(request(), new AbortController().signal))).toMatchObject({ kind: 'connection', attempts: 1 });
    });
  });
});
