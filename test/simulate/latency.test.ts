// The latency model: S slots decode at a fixed per-token pace; later requests wait their turn.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { gsm8kItems, postJson, promptFor, testProfile, withSimulator } from './helpers.js';

const prompt = promptFor(gsm8kItems[0]!);

async function timeBatch(url: string, n: number, body: Record<string, unknown>): Promise<{ total: number; each: number[] }> {
  const start = performance.now();
  const each = await Promise.all(
    Array.from({ length: n }, async () => {
      const response = await postJson(`${url}/completions`, { prompt, temperature: 0, ...body });
      expect(response.status).toBe(200);
      return performance.now() - start;
    }),
  );
  return { total: performance.now() - start, each };
}

describe('latency model', () => {
  it('takes about ceil(N / S) waves for N concurrent requests on S slots', async () => {
    // One wave: 20 tokens × 10 ms = 200 ms. 10 requests on 4 slots: 3 waves, about 600 ms.
    await withSimulator(testProfile({ slots: 4, decodeMsPerToken: 10 }), async (sim) => {
      const { total, each } = await timeBatch(sim.url, 10, { max_tokens: 20 });
      expect(total).toBeGreaterThanOrEqual(590);
      expect(total).toBeLessThan(1500);
      const sorted = [...each].sort((a, b) => a - b);
      // The first wave ends near 200 ms, the last near 600 ms.
      expect(sorted[0]).toBeGreaterThanOrEqual(195);
      expect(sorted[0]).toBeLessThan(450);
      // Four slots: the fifth request cannot end before the second wave, the ninth before the third.
      // (Lower bounds hold on a loaded machine, where a spread between the first and last would not.)
      expect(sorted[4]).toBeGreaterThanOrEqual(395);
      expect(sorted[8]).toBeGreaterThanOrEqual(590);
    });
  });

  it('charges prefill per prompt token and a fixed overhead', async () => {
    await withSimulator(testProfile({ prefillMsPerToken: 1, overheadMs: 100 }), async (sim) => {
      const { total } = await timeBatch(sim.url, 1, { max_tokens: 5 });
      const promptTokens = (await postJson(`${sim.url}/completions`, { prompt, max_tokens: 1 })).json.usage.prompt_tokens;
      expect(total).toBeGreaterThanOrEqual(100 + promptTokens - 5);
      expect(total).toBeLessThan(100 + promptTokens + 700);
    });
  });

  it('keeps each request’s decode pace whatever the number of busy slots', async () => {
    await withSimulator(testProfile({ slots: 8, decodeMsPerToken: 10 }), async (sim) => {
      const one = await timeBatch(sim.url, 1, { max_tokens: 20 });
      const eight = await timeBatch(sim.url, 8, { max_tokens: 20 });
      expect(eight.total).toBeLessThan(one.total + 400);
    });
  });

  it('answers hundreds of concurrent requests at zero latency', async () => {
    await withSimulator(testProfile({ slots: 4 }), async (sim) => {
      const { each } = await timeBatch(sim.url, 300, { max_tokens: 50 });
      expect(each).toHaveLength(300);
    });
  });

  it('frees the slot of a client that leaves, in the queue or while decoding', async () => {
    await withSimulator(testProfile({ slots: 1, decodeMsPerToken: 20 }), async (sim) => {
      const body = JSON.stringify({ prompt, max_tokens: 200 });
      const leaving = [new AbortController(), new AbortController()];
      const pending = leaving.map((c) =>
        fetch(`${sim.url}/completions`, { method: 'POST', body, signal: c.signal }).catch((error: unknown) => error),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const c of leaving) c.abort();
      await Promise.all(pending);
      // Had either kept the single slot, this would wait 4 s for it.
      const { total } = await timeBatch(sim.url, 1, { max_tokens: 5 });
      expect(total).toBeLessThan(1000);
    });
  });
});
