// Ollama's native /api/generate: raw prompts, options, NDJSON streaming, errors and cut answers.
import { describe, expect, it } from 'vitest';
import { buildModelApi } from '../../src/models/build.js';
import type { RequestError } from '../../src/models/request-error.js';
import type { ModelEndpoint } from '../../src/models/types.js';
import { answer, fault } from '../helpers/fake-replies.js';
import { endpoint, failureOf, never, request, withFake } from './helpers.js';

const ollama = (url: string, overrides: Partial<ModelEndpoint> = {}, attempts = 1, serverWaitMs = 0) =>
  buildModelApi(endpoint({ kind: 'ollama', api: 'ollama', servedModel: 'llama2:13b-text', urls: [url], ...overrides }), {
    cacheDir: null,
    retry: { attempts, baseDelayMs: 1, maxDelayMs: 2, serverWaitMs },
    readiness: { intervalMs: 20, probeTimeoutMs: 500 },
  });

describe('Ollama native API', () => {
  it.each([
    ['whole', false],
    ['streamed as NDJSON', true],
  ])('sends a raw prompt with every option and reads the answer (%s)', async (_name, stream) => {
    await withFake({ model: 'llama2:13b-text', answer: () => answer('The answer is 42.', { finishReason: 'stop', usage: { prompt: 20, completion: 5 }, chunkDelayMs: 5 }) }, async (fake) => {
      // Given as the /v1 URL a user may copy from Ollama's docs: the native API lives at the root.
      const generation = await ollama(fake.url, { contextLength: 4096 }).generate(request({ stream, maxTokens: 64, seed: 5, stop: ['\n\nQ:'] }), never);
      expect(generation).toMatchObject({
        text: 'The answer is 42.',
        finishReason: 'stop',
        promptTokens: 20,
        completionTokens: 5,
        responseModel: 'llama2:13b-text',
        tokens: null,
        attempts: 1,
        cached: false,
        serverTimings: { total_duration: 5_000_000, load_duration: 1_000_000, prompt_eval_duration: 1_000_000, eval_duration: 3_000_000 },
      });
      if (stream) expect(generation.firstTokenAt).toBeGreaterThanOrEqual(generation.start);
      else expect(generation.firstTokenAt).toBeNull();
      const sent = fake.received('generate');
      expect(sent).toHaveLength(1);
      expect(sent[0]!.body).toEqual({
        model: 'llama2:13b-text',
        prompt: 'Q: What is 6 times 7?\nA:',
        raw: true,
        stream,
        options: { num_predict: 64, temperature: 0, top_p: 1, seed: 5, stop: ['\n\nQ:'], top_k: 0, min_p: 0, repeat_penalty: 1, num_ctx: 4096 },
      });
    });
  });

  it('accepts the root URL as well', async () => {
    await withFake({ model: 'llama2:13b-text' }, async (fake) => {
      expect((await ollama(fake.root).generate(request(), never)).text).toBe('The answer is 42.');
      expect(fake.received('generate')).toHaveLength(1);
    });
  });

  it('records Ollama’s error message, and retries a 503 with its Retry-After', async () => {
    await withFake({ answer: () => fault.status(404, { message: 'model "llama2:13b-text" not found, try pulling it first' }) }, async (fake) => {
      const error: RequestError = await failureOf(ollama(fake.url, {}, 3).generate(request(), never));
      expect(error).toMatchObject({ kind: 'client', status: 404, attempts: 1 });
      expect(error.message).toBe(`POST ${fake.root}/api/generate: HTTP 404: model "llama2:13b-text" not found, try pulling it first`);
    });
    await withFake({ model: 'llama2:13b-text', answer: (_r, n) => (n === 1 ? fault.status(503, { headers: { 'retry-after': '0' } }) : answer('ok')) }, async (fake) => {
      expect((await ollama(fake.url, {}, 3).generate(request(), never)).attempts).toBe(2);
    });
  });

  it.each([
    ['a stream that stops before "done"', answer('one two three', { cut: { afterTokens: 2, then: 'end' } }), true, 'malformed', /ended before "done"/],
    ['a reset mid-stream', answer('one two three', { cut: { afterTokens: 2, then: 'reset' } }), true, 'connection', /cut off/],
    ['a line that is not JSON', fault.malformed('{"response": "a", '), true, 'malformed', /not valid JSON/],
    ['a line that is not an object', fault.malformed('[1, 2]'), false, 'malformed', /not a JSON object/],
    ['an error line mid-stream', fault.malformed(JSON.stringify({ error: 'out of memory' })), true, 'server', /mid-answer: out of memory/],
    ['an answer without "done"', fault.emptyChoices(), false, 'malformed', /ended before "done"/],
    ['a connection reset before the headers', fault.reset('before-headers'), false, 'connection', /socket|closed|terminated|reset/i],
  ] as const)('%s is a %s failure', async (_name, reply, stream, kind, message) => {
    await withFake({ answer: () => reply }, async (fake) => {
      const error: RequestError = await failureOf(ollama(fake.url).generate(request({ stream }), never));
      expect(error.kind).toBe(kind);
      expect(error.message).toMatch(message);
    });
  });

  it('times out a stream that hangs mid-answer, and an abort is an abort', async () => {
    const hangs = answer('one two three', { cut: { afterTokens: 1, then: 'hang' } });
    await withFake({ answer: () => hangs }, async (fake) => {
      const timedOut: RequestError = await failureOf(ollama(fake.url, { timeoutMs: 300 }).generate(request({ stream: true }), never));
      expect(timedOut.kind).toBe('timeout');
      const controller = new AbortController();
      const pending = ollama(fake.url, { timeoutMs: 20_000 }).generate(request({ stream: true }), controller.signal);
      while (fake.received('generate').length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
      expect((await failureOf(pending)).kind).toBe('aborted');
    });
  });

  it('a server that is down is a connection failure that says so', async () => {
    await withFake({}, async (fake) => {
      await fake.kill();
      const error: RequestError = await failureOf(ollama(fake.url, {}, 2).generate(request(), never));
      expect(error).toMatchObject({ kind: 'connection', attempts: 2 });
      expect(error.message).toMatch(/connection failed: .*ECONNREFUSED/);
    });
  });

  it('a server that restarts is waited for until it lists its models again', async () => {
    await withFake({ model: 'llama2:13b-text' }, async (fake) => {
      await fake.kill();
      const pending = ollama(fake.url, {}, 2, 10_000).generate(request(), never);
      await new Promise((resolve) => setTimeout(resolve, 150));
      await fake.restart();
      expect((await pending).attempts).toBe(2);
      expect(fake.received('tags').length).toBeGreaterThanOrEqual(1);
    });
  });
});
