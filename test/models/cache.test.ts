// The response cache: hits make no request, errors are never stored, and the key follows everything that shapes an answer.
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildModelApi } from '../../src/models/build.js';
import { cacheKey, cachePath } from '../../src/models/cache.js';
import type { GenerateRequest, ModelEndpoint } from '../../src/models/types.js';
import { answer, fault } from '../helpers/fake-replies.js';
import { endpoint, failureOf, never, request, withFake } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gkt-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cached = (url: string, overrides: Partial<ModelEndpoint> = {}) =>
  buildModelApi(endpoint({ urls: [url], ...overrides }), { cacheDir: dir, retry: { attempts: 1 } });

async function files(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('cache', () => {
  it('a hit returns the stored answer marked cached, with no request and no time', async () => {
    await withFake({ answer: () => answer('The answer is 42.', { finishReason: 'stop', usage: { prompt: 9, completion: 5 }, chunkDelayMs: 2 }) }, async (fake) => {
      const model = cached(fake.url);
      const asked = request({ stream: true, wantTokens: true });
      const first = await model.generate(asked, never);
      expect(first).toMatchObject({ cached: false, attempts: 1 });
      const second = await model.generate(asked, never);
      expect(fake.received('completions')).toHaveLength(1);
      expect(second).toMatchObject({
        text: first.text,
        finishReason: 'stop',
        promptTokens: 9,
        completionTokens: 5,
        responseModel: 'fake-model',
        cached: true,
        attempts: 0,
        firstTokenAt: null,
      });
      expect(second.tokens?.map((t) => t.end)).toEqual(first.tokens?.map((t) => t.end));
      expect(first.tokens?.every((t) => typeof t.at === 'number')).toBe(true);
      // Arrival times measured in another session would make up a teacher time: they are dropped.
      expect(second.tokens?.every((t) => t.at === null)).toBe(true);
      expect(second.end).toBe(second.start);
      // A new model object over the same folder (a rerun) finds it too.
      expect((await cached(fake.url).generate(asked, never)).cached).toBe(true);
      expect(fake.received('completions')).toHaveLength(1);
    });
  });

  it('keeps the response model id under `model` on disk, so caches written before read the same', async () => {
    await withFake({ answer: () => answer('ok') }, async (fake) => {
      const asked = request();
      await cached(fake.url).generate(asked, never);
      const [file] = await files(dir);
      const entry = JSON.parse(await readFile(file!, 'utf8')) as { generation: Record<string, unknown> };
      expect(entry.generation['model']).toBe('fake-model');
      expect(entry.generation).not.toHaveProperty('responseModel');
      entry.generation['model'] = 'written-earlier';
      await writeFile(file!, JSON.stringify(entry));
      expect(await cached(fake.url).generate(asked, never)).toMatchObject({ cached: true, responseModel: 'written-earlier' });
    });
  });

  it.each([
    ['an HTTP error', fault.status(500)],
    ['a context refusal', fault.status(400, { message: 'maximum context length is 10 tokens' })],
    ['an answer from another model', answer('x', { model: 'other-model' })],
    ['an empty choices list', fault.emptyChoices()],
  ])('never stores %s', async (_name, bad) => {
    await withFake({ answer: (_r, n) => (n === 1 ? bad : answer('good')) }, async (fake) => {
      const model = cached(fake.url);
      await failureOf(model.generate(request(), never));
      expect(await files(dir)).toEqual([]);
      expect((await model.generate(request(), never)).cached).toBe(false);
      expect((await model.generate(request(), never)).text).toBe('good');
      expect(fake.received('completions')).toHaveLength(2);
    });
  });

  it('does not keep an answer without the token boundaries it was asked for', async () => {
    await withFake({ answer: () => answer('The answer is 42.', { logprobs: 'none' }) }, async (fake) => {
      const model = cached(fake.url);
      const asked = request({ stream: true, wantTokens: true });
      expect((await model.generate(asked, never)).tokens).toBeNull();
      expect(await files(dir)).toEqual([]);
      expect((await model.generate(asked, never)).cached).toBe(false);
      expect(fake.received('completions')).toHaveLength(2);
    });
  });

  it('a corrupt or foreign entry is a miss, and is replaced', async () => {
    await withFake({}, async (fake) => {
      const ep = endpoint({ urls: [fake.url] });
      const path = cachePath(dir, cacheKey(ep, request()));
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, '{"key": "torn');
      expect((await cached(fake.url).generate(request(), never)).cached).toBe(false);
      await writeFile(path, JSON.stringify({ key: 'another', stored: '', generation: { text: 'stale' } }));
      expect((await cached(fake.url).generate(request(), never)).text).toBe('The answer is 42.');
      expect((await cached(fake.url).generate(request(), never)).cached).toBe(true);
      expect(fake.received('completions')).toHaveLength(2);
    });
  });

  it('a folder that cannot be written costs the cache, not the answer', async () => {
    await withFake({}, async (fake) => {
      const blocked = join(dir, 'not-a-folder');
      await writeFile(blocked, 'x');
      const model = buildModelApi(endpoint({ urls: [fake.url] }), { cacheDir: blocked, retry: { attempts: 1 } });
      expect((await model.generate(request(), never)).text).toBe('The answer is 42.');
    });
  });

  it('never writes the API key', async () => {
    await withFake({}, async (fake) => {
      await cached(fake.url, { apiKey: 'sk-test-cache-secret-1234', apiKeyEnv: 'GKT_TEST_KEY' }).generate(request(), never);
      const written = await files(dir);
      expect(written).toHaveLength(1);
      expect(await readFile(written[0]!, 'utf8')).not.toContain('sk-test-cache-secret-1234');
    });
  });
});

describe('cacheKey', () => {
  const base = endpoint();
  const key = (ep: Partial<ModelEndpoint>, req: Partial<GenerateRequest> = {}) => cacheKey({ ...base, ...ep }, request(req));

  it.each<[string, Partial<ModelEndpoint>, Partial<GenerateRequest>]>([
    ['the URL', { urls: ['http://127.0.0.1:8001/v1'] }, {}],
    ['the model', { servedModel: 'other-model' }, {}],
    ['the server kind', { kind: 'llamacpp' }, {}],
    ['the API', { api: 'chat' }, {}],
    ['the extra body', { extraBody: { top_k: 40 } }, {}],
    ['the max tokens field', { maxTokensField: 'max_completion_tokens' }, {}],
    ['the context length', { contextLength: 4096 }, {}],
    ['the prompt', {}, { prompt: 'Q: What is 6 times 8?\nA:' }],
    ['max tokens', {}, { maxTokens: 33 }],
    ['the temperature', {}, { sampling: { temperature: 0.7, topP: 1 } }],
    ['top_p', {}, { sampling: { temperature: 0, topP: 0.9 } }],
    ['the seed', {}, { seed: 8 }],
    ['the stop sequences', {}, { stop: ['\n\n'] }],
    ['asking for token boundaries', {}, { wantTokens: true }],
    ['streaming', {}, { stream: true }],
    ['the cache scope', {}, { cacheScope: 'batched' }],
  ])('changes with %s', (_name, ep, req) => {
    expect(key(ep, req)).not.toBe(key({}));
  });

  it.each<[string, Partial<ModelEndpoint>]>([
    ['the config name', { key: 'student' }],
    ['the API key', { apiKey: 'sk-test-other' }],
    ['the timeout', { timeoutMs: 1 }],
    ['the order of replica URLs', { urls: ['http://b/v1', 'http://a/v1'] }],
  ])('does not change with %s', (_name, ep) => {
    const reference = ep.urls ? key({ urls: ['http://a/v1', 'http://b/v1'] }) : key({});
    expect(key(ep)).toBe(reference);
  });
});
