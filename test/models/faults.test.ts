// Every fault the fake server can inject, through buildModelApi: what is retried, how often, what is recorded.
import { describe, expect, it } from 'vitest';
import { buildModelApi, type BuildOptions } from '../../src/models/build.js';
import type { RequestError } from '../../src/models/request-error.js';
import type { ModelEndpoint } from '../../src/models/types.js';
import { answer, fault, type Reply } from '../helpers/fake-replies.js';
import { endpoint, failureOf, never, request, withFake } from './helpers.js';

const quickRetry = (attempts: number): BuildOptions => ({ cacheDir: null, retry: { attempts, baseDelayMs: 1, maxDelayMs: 5 } });
const api = (url: string, attempts: number, overrides: Partial<ModelEndpoint> = {}) =>
  buildModelApi(endpoint({ urls: [url], timeoutMs: 5000, ...overrides }), quickRetry(attempts));
const good = answer('The answer is 42.', { finishReason: 'stop' });

/** Fails with `first` once, then answers. */
const onceThen = (first: Reply) => (_request: unknown, n: number) => (n === 1 ? first : good);

describe('retryable faults are tried again and the attempts counted', () => {
  const cases: Array<[string, Reply, boolean]> = [
    ['HTTP 500', fault.status(500), false],
    ['HTTP 503', fault.status(503), true],
    ['HTTP 429', fault.status(429), false],
    ['a reset before the headers', fault.reset('before-headers'), false],
    ['a reset before the headers, streamed', fault.reset('before-headers'), true],
    ['a reset after the headers', fault.reset('after-headers'), false],
    ['a reset after the headers, streamed', fault.reset('after-headers'), true],
    ['a reset mid-stream', answer('one two three four', { cut: { afterTokens: 2, then: 'reset' } }), true],
    ['a stream that ends without a finish reason', answer('one two three four', { cut: { afterTokens: 2, then: 'end' } }), true],
    ['a body cut off before its declared length', answer('one two three four', { cut: { afterTokens: 0, then: 'reset' } }), false],
    ['a body that ends short of valid JSON', answer('one two three four', { cut: { afterTokens: 0, then: 'end' } }), false],
    ['malformed JSON', fault.malformed(), false],
    ['a malformed stream event', fault.malformed(), true],
    ['JSON that is not an object', fault.malformed('null'), false],
    ['a stream event that is not an object', fault.malformed('42'), true],
    ['an empty choices list', fault.emptyChoices(), false],
    ['an empty choices list, streamed', fault.emptyChoices(), true],
  ];
  it.each(cases)('%s', async (_name, first, stream) => {
    await withFake({ answer: onceThen(first) }, async (fake) => {
      const generation = await api(fake.url, 3).generate(request({ stream }), never);
      expect(generation).toMatchObject({ text: 'The answer is 42.', finishReason: 'stop', attempts: 2 });
      expect(fake.received('completions')).toHaveLength(2);
    });
  });

  it.each([
    ['HTTP 503', fault.status(503, { message: 'engine overloaded' }), 'server', /HTTP 503: engine overloaded after 3 attempts/],
    ['HTTP 429', fault.status(429, { message: 'slow down' }), 'rate-limited', /HTTP 429: slow down after 3 attempts/],
    ['a reset', fault.reset(), 'connection', /after 3 attempts/],
    ['malformed JSON', fault.malformed(), 'malformed', /not valid JSON.* after 3 attempts/],
    ['an empty choices list', fault.emptyChoices(), 'malformed', /empty "choices" list after 3 attempts/],
    ['JSON that is not an object', fault.malformed('null'), 'malformed', /after 3 attempts/],
  ] as const)('%s every time: recorded as %s after the allowed attempts, no more', async (_name, reply, kind, message) => {
    await withFake({ answer: () => reply }, async (fake) => {
      const error: RequestError = await failureOf(api(fake.url, 3).generate(request(), never));
      expect(error.kind).toBe(kind);
      expect(error.attempts).toBe(3);
      expect(error.message).toMatch(message);
      expect(error.message).toContain(`POST ${fake.url}/completions`);
      expect(fake.received('completions')).toHaveLength(3);
    });
  });
});

describe('faults that no retry can mend', () => {
  it('a 400 context-length error is recorded at once, with the server’s message', async () => {
    const message = "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.";
    await withFake({ answer: () => fault.status(400, { message }) }, async (fake) => {
      const error: RequestError = await failureOf(api(fake.url, 5).generate(request(), never));
      expect(error).toMatchObject({ kind: 'context', status: 400, attempts: 1 });
      expect(error.message).toContain(message);
      expect(fake.received('completions')).toHaveLength(1);
    });
  });

  it.each([
    ['vLLM’s top-level message', { object: 'error', message: "This model's maximum context length is 2048 tokens.", type: 'BadRequestError', code: 400 }, 'context', "This model's maximum context length is 2048 tokens."],
    ['TGI’s plain error', { error: 'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 2048', error_type: 'validation' }, 'context', 'Input validation error'],
    ['a plain-text body', 'bad temperature', 'client', 'bad temperature'],
  ])('reads the server’s words from %s', async (_name, body, kind, words) => {
    await withFake({ answer: () => fault.status(400, { body }) }, async (fake) => {
      const error: RequestError = await failureOf(api(fake.url, 5).generate(request(), never));
      expect(error).toMatchObject({ kind, status: 400, attempts: 1 });
      expect(error.reason).toContain(words);
      expect(error.reason).not.toContain('"');
      expect(fake.received('completions')).toHaveLength(1);
    });
  });

  it('another 4xx is a client error, not retried', async () => {
    await withFake({ answer: () => fault.status(404, { message: 'The model `x` does not exist.' }) }, async (fake) => {
      const error: RequestError = await failureOf(api(fake.url, 5).generate(request(), never));
      expect(error).toMatchObject({ kind: 'client', status: 404, attempts: 1 });
      expect(error.message).toContain('The model `x` does not exist.');
    });
  });

  it('an error event inside a stream is the server’s failure with its message', async () => {
    const midStream = fault.malformed(JSON.stringify({ error: { message: 'engine died', code: 500 } }));
    await withFake({ answer: () => midStream }, async (fake) => {
      const error: RequestError = await failureOf(api(fake.url, 2).generate(request({ stream: true }), never));
      expect(error).toMatchObject({ kind: 'server', attempts: 2 });
      expect(error.message).toContain('engine died');
    });
  });
});

describe('Retry-After', () => {
  it('waits as long as the server asks before trying again', async () => {
    await withFake({ answer: onceThen(fault.rateLimited('1')) }, async (fake) => {
      const delays: number[] = [];
      const model = buildModelApi(endpoint({ urls: [fake.url] }), { ...quickRetry(3), onRetry: (_e, _a, delay) => delays.push(delay) });
      const generation = await model.generate(request(), never);
      expect(generation.attempts).toBe(2);
      expect(delays).toEqual([1000]);
      const [first, second] = fake.received('completions');
      // The backoff alone would wait at most 5 ms; a second is the server's word (slack for timer coarseness).
      expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(950);
    });
  });

  it('is cut to the policy’s ceiling', async () => {
    await withFake({ answer: onceThen(fault.rateLimited('3600')) }, async (fake) => {
      const delays: number[] = [];
      const model = buildModelApi(endpoint({ urls: [fake.url] }), {
        cacheDir: null,
        retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 20 },
        onRetry: (_e, _a, delay) => delays.push(delay),
      });
      expect((await model.generate(request(), never)).attempts).toBe(2);
      expect(delays).toEqual([20]);
    });
  });
});

describe('timeouts and aborts', () => {
  it('a server that never answers times out, and each attempt is bounded', async () => {
    await withFake({ answer: () => fault.hang() }, async (fake) => {
      const error: RequestError = await failureOf(api(fake.url, 2, { timeoutMs: 300 }).generate(request(), never));
      expect(error).toMatchObject({ kind: 'timeout', attempts: 2 });
      expect(error.message).toMatch(/no complete answer within 0.3 s after 2 attempts/);
      expect(fake.received('completions')).toHaveLength(2);
    });
  });

  it.each([
    ['streamed', true],
    ['whole', false],
  ])('the timeout covers a server that hangs mid-body (%s)', async (_name, stream) => {
    const hangs = answer('one two three four', { cut: { afterTokens: 2, then: 'hang' } });
    await withFake({ answer: onceThen(hangs) }, async (fake) => {
      const generation = await api(fake.url, 2, { timeoutMs: 400 }).generate(request({ stream }), never);
      expect(generation).toMatchObject({ text: 'The answer is 42.', attempts: 2 });
    });
    await withFake({ answer: () => hangs }, async (fake) => {
      const error: RequestError = await failureOf(api(fake.url, 1, { timeoutMs: 400 }).generate(request({ stream }), never));
      expect(error).toMatchObject({ kind: 'timeout', attempts: 1 });
    });
  });

  it.each([
    ['before the headers', () => fault.hang(), false],
    ['mid-stream', () => answer('one two three four', { cut: { afterTokens: 2, then: 'hang' } }), true],
  ])('the caller’s signal aborts a request %s: kind aborted, no retry', async (_name, reply, stream) => {
    await withFake({ answer: reply }, async (fake) => {
      const controller = new AbortController();
      const pending = api(fake.url, 5, { timeoutMs: 20_000 }).generate(request({ stream }), controller.signal);
      while (fake.received('completions').length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 50));
      controller.abort();
      const error: RequestError = await failureOf(pending);
      expect(error).toMatchObject({ kind: 'aborted', attempts: 1 });
      expect(fake.received('completions')).toHaveLength(1);
    });
  });

  it('a timeout too long for a Node timer is not taken as an instant one', async () => {
    await withFake({ answer: () => answer('slow but sure', { delayMs: 50, chunkDelayMs: 5 }) }, async (fake) => {
      for (const kind of ['vllm', 'ollama'] as const) {
        const model = api(fake.url, 1, { timeoutMs: 10_000_000_000, kind, api: kind === 'ollama' ? 'ollama' : 'completions' });
        expect((await model.generate(request({ stream: true }), never)).text).toBe('slow but sure');
      }
    });
  });

  it('an already aborted signal sends nothing', async () => {
    await withFake({}, async (fake) => {
      const controller = new AbortController();
      controller.abort();
      const error: RequestError = await failureOf(api(fake.url, 3).generate(request(), controller.signal));
      expect(error.kind).toBe('aborted');
      expect(fake.received('completions')).toHaveLength(0);
    });
  });
});

describe('a server killed mid-phase', () => {
  it('fails the requests made while it is down, retried, and answers again once restarted on the same port', async () => {
    await withFake({}, async (fake) => {
      // Not waited for: the wait for a server to come back is tested below.
      const model = buildModelApi(endpoint({ urls: [fake.url], timeoutMs: 5000 }), { cacheDir: null, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5, serverWaitMs: 0 } });
      expect((await model.generate(request(), never)).text).toBe('The answer is 42.');
      await fake.kill();
      const error: RequestError = await failureOf(model.generate(request(), never));
      expect(error).toMatchObject({ kind: 'connection', attempts: 2 });
      expect(error.message).toMatch(/ECONNREFUSED/);
      await fake.restart();
      expect((await model.generate(request(), never)).attempts).toBe(1);
      expect(fake.received('completions')).toHaveLength(2);
    });
  });

  it('a request in flight when the server dies is retried after it comes back', async () => {
    await withFake({ answer: (_r, n) => (n === 1 ? fault.hang() : good) }, async (fake) => {
      const model = buildModelApi(endpoint({ urls: [fake.url] }), { cacheDir: null, retry: { attempts: 3, baseDelayMs: 300, maxDelayMs: 300 } });
      const pending = model.generate(request(), never);
      while (fake.received('completions').length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await fake.kill();
      await fake.restart();
      const generation = await pending;
      expect(generation.attempts).toBe(2);
    });
  });
});

describe('redaction', () => {
  it('an API key the server repeats never reaches the error message', async () => {
    const key = 'sk-test-0123456789abcdef';
    const replies: Reply[] = [
      fault.status(401, { message: `Incorrect API key provided: ${key}` }),
      fault.status(400, { body: `bad key ${key}` }),
      fault.malformed(`not json ${key}`),
      fault.malformed(JSON.stringify({ error: { message: `stream refused for ${key}` } })),
    ];
    for (const [i, reply] of replies.entries()) {
      await withFake({ answer: () => reply }, async (fake) => {
        const error: RequestError = await failureOf(api(fake.url, 1, { apiKey: key }).generate(request({ stream: i === 3 }), never));
        expect(fake.received()[0]!.headers.authorization).toBe(`Bearer ${key}`);
        // Not even the start of it, which a quoted snippet of a bad body would show.
        expect(error.message).not.toContain('sk-te');
        if (reply.type === 'status' || i === 3) expect(error.message).toContain('[redacted]');
      });
    }
  });

  it('nor an Ollama error', async () => {
    const key = 'sk-test-ollama-9876543210';
    for (const reply of [fault.status(401, { message: `unauthorized: ${key}` }), fault.malformed(`oops ${key}`)]) {
      await withFake({ answer: () => reply }, async (fake) => {
        const error: RequestError = await failureOf(api(fake.url, 1, { apiKey: key, kind: 'ollama', api: 'ollama' }).generate(request(), never));
        expect(fake.received()[0]!.headers.authorization).toBe(`Bearer ${key}`);
        expect(error.message).not.toContain('sk-te');
        if (reply.type === 'status') expect(error.message).toContain('[redacted]');
      });
    }
  });
});

describe('a server that is down or loading', () => {
  const waiting = (url: string, serverWaitMs: number, attempts = 3) =>
    buildModelApi(endpoint({ urls: [url], timeoutMs: 5000 }), {
      cacheDir: null,
      retry: { attempts, baseDelayMs: 1, maxDelayMs: 5, serverWaitMs },
      readiness: { intervalMs: 20, probeTimeoutMs: 500 },
    });

  it('is waited for through a restart and a model loading (503), and the item is answered', async () => {
    const loading = fault.status(503, { message: 'Loading model' });
    await withFake({ probe: (_r, n) => (n <= 3 ? loading : undefined) }, async (fake) => {
      await fake.kill();
      const started = performance.now();
      const pending = waiting(fake.url, 10_000).generate(request(), never);
      await new Promise((resolve) => setTimeout(resolve, 150));
      await fake.restart();
      const generation = await pending;
      expect(generation).toMatchObject({ text: 'The answer is 42.', attempts: 2 });
      expect(performance.now() - started).toBeGreaterThanOrEqual(150);
      // Polled until the listing answered, after three "Loading model" answers.
      expect(fake.received('models').length).toBeGreaterThanOrEqual(4);
    });
  });

  it('fails the item once its wait is spent, saying so', async () => {
    await withFake({}, async (fake) => {
      await fake.kill();
      const started = performance.now();
      const error: RequestError = await failureOf(waiting(fake.url, 300).generate(request(), never));
      expect(error).toMatchObject({ kind: 'connection', attempts: 1 });
      expect(error.message).toMatch(/ECONNREFUSED.*; the server was not ready again within 0\.3 s$/);
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    });
  });

  it('a 503 whose server still lists its models is retried as before', async () => {
    await withFake({ answer: () => fault.status(503, { message: 'engine overloaded' }) }, async (fake) => {
      const error: RequestError = await failureOf(waiting(fake.url, 10_000).generate(request(), never));
      expect(error).toMatchObject({ kind: 'server', attempts: 3 });
      expect(error.message).toMatch(/HTTP 503: engine overloaded after 3 attempts$/);
    });
  });

  it('is polled once per interval however many requests wait for it', async () => {
    await withFake({}, async (fake) => {
      await fake.kill();
      const model = waiting(fake.url, 10_000);
      const pending = Array.from({ length: 16 }, (_, seed) => model.generate(request({ seed }), never));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await fake.restart();
      for (const generation of await Promise.all(pending)) expect(generation.attempts).toBe(2);
      // 300 ms at one probe per 20 ms is at most ~15 probes before the restart; 16 requests polling alone would make ~240.
      expect(fake.received('models').length).toBeLessThanOrEqual(20);
    });
  });

  it('a stop asked while it waits ends the wait at once, and a request failing after a stop is not tried again', async () => {
    await withFake({}, async (fake) => {
      await fake.kill();
      const stop = new AbortController();
      const model = buildModelApi(endpoint({ urls: [fake.url], timeoutMs: 5000 }), {
        cacheDir: null,
        retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5, serverWaitMs: 60_000 },
        readiness: { intervalMs: 20, probeTimeoutMs: 500 },
        stopSignal: stop.signal,
      });
      // The requests' own signal stays up: only the stop, as a scheduler's cancel that stopped the servers too.
      const pending = failureOf(model.generate(request(), never));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const asked = performance.now();
      stop.abort();
      expect(await pending).toMatchObject({ kind: 'aborted', attempts: 1 });
      expect(performance.now() - asked).toBeLessThan(1000);
      const after: RequestError = await failureOf(model.generate(request(), never));
      expect(after).toMatchObject({ kind: 'connection', attempts: 1 });
    });
  });

  it('an interrupt ends the wait', async () => {
    await withFake({}, async (fake) => {
      await fake.kill();
      const controller = new AbortController();
      const pending = failureOf(waiting(fake.url, 60_000).generate(request(), controller.signal));
      await new Promise((resolve) => setTimeout(resolve, 100));
      controller.abort();
      expect(await pending).toMatchObject({ kind: 'aborted' });
    });
  });
});
