// The truncation check: a prompt the server cut to fit (answering 200) is caught; a whole one costs one count.
import { describe, expect, it } from 'vitest';
import { buildModelApi } from '../../src/models/build.js';
import { countSlack } from '../../src/models/truncation.js';
import { startSimulator } from '../../src/simulate/server.js';
import { testProfile } from '../simulate/helpers.js';
import { answer, fault, splitTokens } from '../helpers/fake-replies.js';
import type { FakeRequest } from '../helpers/fake-openai.js';
import { endpoint, failureOf, never, request, withFake } from './helpers.js';

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
const honest = (r: FakeRequest) => answer('The answer is 4.', { usage: { prompt: splitTokens(String(r.body.prompt)).length, completion: 5 } });

describe('countSlack', () => {
  it.each([
    [0, 8],
    [100, 8],
    [400, 8],
    [401, 9],
    [2000, 40],
  ])('a prompt of %i tokens may differ by %i', (count, slack) => {
    expect(countSlack(count)).toBe(slack);
  });
});

describe('withTruncationCheck (through buildModelApi)', () => {
  const model = (url: string, kind: 'llamacpp' | 'vllm' | 'generic' = 'llamacpp') =>
    buildModelApi(endpoint({ urls: [url], kind }), { cacheDir: null, retry: { attempts: 1 } });

  it('counts once per phase when every prompt arrives whole', async () => {
    await withFake({ answer: honest }, async (fake) => {
      const api = model(fake.url);
      for (const n of [50, 80, 120, 60]) await api.generate(request({ prompt: words(n) }), never);
      expect(fake.received('tokenize')).toHaveLength(1);
      expect(fake.received('tokenize')[0]!.body).toEqual({ content: words(50), add_special: true });
    });
  });

  it('records a prompt the server cut as a context failure, with both counts', async () => {
    await withFake({ answer: (r) => (String(r.body.prompt).length > 2000 ? answer('x', { usage: { prompt: 256, completion: 1 } }) : honest(r)) }, async (fake) => {
      const api = model(fake.url);
      await api.generate(request({ prompt: words(100) }), never);
      const error = await failureOf(api.generate(request({ prompt: words(700) }), never));
      expect(error).toMatchObject({ kind: 'context', attempts: 1 });
      expect(error.message).toMatch(/answered for 256 prompt tokens, but the prompt is 700 tokens: it truncated the prompt/);
      expect(fake.received('completions')).toHaveLength(2);
    });
  });

  it('catches a cut on the very first prompt too', async () => {
    await withFake({ answer: () => answer('x', { usage: { prompt: 100, completion: 1 } }) }, async (fake) => {
      const error = await failureOf(model(fake.url, 'vllm').generate(request({ prompt: words(500) }), never));
      expect(error.kind).toBe('context');
      expect(fake.received('tokenize')[0]!.body).toEqual({ model: 'fake-model', prompt: words(500) });
    });
  });

  it('keeps every answer when the server cannot count, and stops asking it', async () => {
    await withFake({ answer: () => answer('x', { usage: { prompt: 3, completion: 1 } }), probe: (r) => (r.route === 'tokenize' ? fault.status(404) : undefined) }, async (fake) => {
      const api = model(fake.url);
      for (let i = 0; i < 3; i++) expect((await api.generate(request({ prompt: words(300) }), never)).text).toBe('x');
      expect(fake.received('tokenize')).toHaveLength(1);
    });
  });

  it('asks nothing of a server kind without /tokenize', async () => {
    await withFake({ answer: () => answer('x', { usage: { prompt: 3, completion: 1 } }) }, async (fake) => {
      await model(fake.url, 'generic').generate(request({ prompt: words(300) }), never);
      expect(fake.received('tokenize')).toHaveLength(0);
    });
  });

  it("agrees with the simulator's own counts", async () => {
    const sim = await startSimulator(testProfile({ model: 'fake-model' }), { port: 0 });
    try {
      const api = buildModelApi(endpoint({ urls: [sim.url], kind: 'simulated' }), { cacheDir: null, retry: { attempts: 1 } });
      for (const n of [40, 400]) expect((await api.generate(request({ prompt: `${words(n)}\nQ: What is 2+2?\nA:` }), never)).promptTokens).toBeGreaterThan(n);
    } finally {
      await sim.close();
    }
  });
});

describe('withTruncationCheck over two prompt templates', () => {
  // Short words (GSM8K-like) and long ones (CSQA-like): their tokens per character differ by far more than the check's margin.
  const short = (n: number) => Array.from({ length: n }, (_, i) => `w${i % 10}`).join(' ');
  const long = (n: number) => Array.from({ length: n }, (_, i) => `extraordinarily${i % 10}`).join(' ');

  it('learns the ratio once per template: a second template costs one count, not one per prompt', async () => {
    await withFake({ answer: honest }, async (fake) => {
      const api = buildModelApi(endpoint({ urls: [fake.url], kind: 'llamacpp' }), { cacheDir: null, retry: { attempts: 1 } });
      for (let i = 0; i < 6; i++) {
        await api.generate(request({ prompt: short(100 + i), promptTemplate: 'gsm8k' }), never);
        await api.generate(request({ prompt: long(100 + i), promptTemplate: 'csqa' }), never);
      }
      expect(fake.received('tokenize')).toHaveLength(2);
    });
  });
});
