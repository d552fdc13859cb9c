// Completions and chat through buildModelApi against the fake server: text, usage, finish reason, model, token boundaries and times.
import { describe, expect, it } from 'vitest';
import { buildModelApi } from '../../src/models/build.js';
import type { ModelEndpoint } from '../../src/models/types.js';
import { answer } from '../helpers/fake-replies.js';
import { endpoint, never, request, withFake } from './helpers.js';

const noRetry = { cacheDir: null, retry: { attempts: 1 } };
const api = (url: string, overrides: Partial<ModelEndpoint> = {}) => buildModelApi(endpoint({ urls: [url], ...overrides }), noRetry);

describe.each([
  ['completions', false],
  ['completions', true],
  ['chat', false],
  ['chat', true],
] as const)('%s, streamed: %s', (kind, stream) => {
  it('returns the text, usage, finish reason and model, and sends the body', async () => {
    await withFake({ answer: () => answer('He has 6 * 7 = 42. The answer is 42.', { finishReason: 'stop', usage: { prompt: 12, completion: 11 } }) }, async (fake) => {
      const generation = await api(fake.url, { api: kind }).generate(request({ stream }), never);
      expect(generation).toMatchObject({
        text: 'He has 6 * 7 = 42. The answer is 42.',
        finishReason: 'stop',
        promptTokens: 12,
        completionTokens: 11,
        responseModel: 'fake-model',
        tokens: null,
        attempts: 1,
        cached: false,
      });
      expect(generation.end).toBeGreaterThanOrEqual(generation.start);
      if (stream) expect(generation.firstTokenAt).toBeGreaterThanOrEqual(generation.start);
      else expect(generation.firstTokenAt).toBeNull();
      const sent = fake.received(kind === 'chat' ? 'chat' : 'completions');
      expect(sent).toHaveLength(1);
      expect(sent[0]!.body).toMatchObject({ model: 'fake-model', max_tokens: 32, temperature: 0, top_p: 1, seed: 7, stop: [], stream });
      if (stream) expect(sent[0]!.body.stream_options).toEqual({ include_usage: true });
    });
  });

  it('reads token boundaries from logprobs', async () => {
    await withFake({ answer: () => answer(null, { tokens: ['The', ' answer', ' is', ' 42', '.'] }) }, async (fake) => {
      const generation = await api(fake.url, { api: kind }).generate(request({ stream, wantTokens: true }), never);
      expect(generation.text).toBe('The answer is 42.');
      expect(generation.tokens?.map((t) => t.end)).toEqual([3, 10, 13, 16, 17]);
      const sent = fake.received()[0]!.body;
      expect(sent.logprobs).toBe(kind === 'chat' ? true : 1);
    });
  });
});

describe('token boundaries', () => {
  it('reads llama.cpp’s content shape on /v1/completions, a character split across tokens included', async () => {
    const tokens = [{ token: 'Cost', bytes: [...Buffer.from('Cost')] }, { token: ' \ufffd', bytes: [0x20, 0xe2, 0x82] }, { token: '\ufffd', bytes: [0xac] }, { token: '5', bytes: [0x35] }];
    for (const stream of [false, true]) {
      await withFake({ answer: () => answer('Cost €5', { tokens, logprobs: 'content' }) }, async (fake) => {
        const generation = await api(fake.url, { kind: 'llamacpp' }).generate(request({ stream, wantTokens: true }), never);
        expect(generation.text).toBe('Cost €5');
        expect(generation.tokens?.map((t) => t.end)).toEqual([4, 5, 6, 7]);
        expect(fake.received()[0]!.body).toMatchObject({ logprobs: 1, top_k: 0, min_p: 0, cache_prompt: false });
      });
    }
  });

  it('times each token’s arrival when streamed, in order, and not when whole', async () => {
    await withFake({ answer: () => answer('one two three four', { chunkDelayMs: 25 }) }, async (fake) => {
      const streamed = await api(fake.url).generate(request({ stream: true, wantTokens: true }), never);
      const at = streamed.tokens!.map((t) => t.at!);
      expect(at).toHaveLength(4);
      for (let i = 1; i < at.length; i++) expect(at[i]!).toBeGreaterThanOrEqual(at[i - 1]!);
      // Three gaps of at least 25 ms each: a lower bound holds however loaded the machine is.
      expect(at[3]! - at[0]!).toBeGreaterThanOrEqual(60);
      expect(streamed.firstTokenAt! - streamed.start).toBeLessThanOrEqual(at[0]! + 1);
      expect(streamed.end - streamed.start).toBeGreaterThanOrEqual(at[3]!);
      const whole = await api(fake.url).generate(request({ wantTokens: true }), never);
      expect(whole.tokens!.map((t) => t.at)).toEqual([null, null, null, null]);
    });
  });

  it('gives null boundaries when the tokens do not line up with the text, or none were sent', async () => {
    await withFake({ answer: () => answer('The answer is 42.', { tokens: ['The', ' answer', ' is'] }) }, async (fake) => {
      expect((await api(fake.url).generate(request({ wantTokens: true }), never)).tokens).toBeNull();
    });
    await withFake({ answer: () => answer('The answer is 42.', { tokens: ['The', ' answer', ' is'] }) }, async (fake) => {
      expect((await api(fake.url).generate(request({ stream: true, wantTokens: true }), never)).tokens).toBeNull();
    });
    await withFake({ answer: () => answer('The answer is 42.', { logprobs: 'none' }) }, async (fake) => {
      expect((await api(fake.url).generate(request({ stream: true, wantTokens: true }), never)).tokens).toBeNull();
    });
  });

  it('gives an empty completion no tokens rather than unknown ones, streamed or whole', async () => {
    await withFake({ answer: () => answer('', { finishReason: 'stop', usage: { prompt: 9, completion: 1 } }) }, async (fake) => {
      for (const stream of [true, false]) {
        const generation = await api(fake.url).generate(request({ stream, wantTokens: true }), never);
        expect(generation).toMatchObject({ text: '', tokens: [], finishReason: 'stop' });
      }
    });
  });

  it('counts completion tokens from the boundaries when the server reports no usage', async () => {
    await withFake({ answer: () => answer('a b c', { usage: null }) }, async (fake) => {
      const generation = await api(fake.url).generate(request({ wantTokens: true }), never);
      expect(generation).toMatchObject({ promptTokens: null, completionTokens: 3 });
      expect((await api(fake.url).generate(request(), never)).completionTokens).toBeNull();
    });
  });
});

describe('server timings', () => {
  it('keeps llama.cpp’s timings, whole or from the last chunk', async () => {
    const timings = { prompt_n: 12, prompt_ms: 30.5, predicted_n: 3, predicted_ms: 40, predicted_per_second: 75 };
    await withFake({ answer: () => answer('a b c', { timings }) }, async (fake) => {
      expect((await api(fake.url, { kind: 'llamacpp' }).generate(request(), never)).serverTimings).toEqual(timings);
      expect((await api(fake.url, { kind: 'llamacpp' }).generate(request({ stream: true }), never)).serverTimings).toEqual(timings);
    });
  });
});

describe('requests sent', () => {
  it('sends the API key as a bearer token, and a placeholder without one', async () => {
    await withFake({}, async (fake) => {
      await api(fake.url, { apiKey: 'sk-test-abc123' }).generate(request(), never);
      await api(fake.url).generate(request(), never);
      const generations = fake.requests.filter((r) => r.route !== 'tokenize');
      expect(generations.map((r) => r.headers.authorization)).toEqual(['Bearer sk-test-abc123', 'Bearer none']);
    });
  });

  it('sends no organization or project that OpenAI’s own variables name in the environment', async () => {
    const saved = { org: process.env.OPENAI_ORG_ID, project: process.env.OPENAI_PROJECT_ID };
    process.env.OPENAI_ORG_ID = 'org-test-leak';
    process.env.OPENAI_PROJECT_ID = 'proj-test-leak';
    try {
      await withFake({}, async (fake) => {
        await api(fake.url).generate(request(), never);
        const headers = fake.received()[0]!.headers;
        expect(headers['openai-organization']).toBeUndefined();
        expect(headers['openai-project']).toBeUndefined();
      });
    } finally {
      for (const [name, value] of [['OPENAI_ORG_ID', saved.org], ['OPENAI_PROJECT_ID', saved.project]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('sends stop sequences, and null for none to OpenAI', async () => {
    await withFake({}, async (fake) => {
      await api(fake.url).generate(request({ stop: ['\n\nQ:'] }), never);
      await api(fake.url, { kind: 'openai', api: 'chat' }).generate(request(), never);
      expect(fake.requests.filter((r) => r.route !== 'tokenize').map((r) => r.body.stop)).toEqual([['\n\nQ:'], null]);
    });
  });
});
