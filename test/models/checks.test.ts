// Answers that look fine but are not: another model's, or a prompt the server must have cut to fit its context.
import { describe, expect, it } from 'vitest';
import { buildModelApi } from '../../src/models/build.js';
import type { RequestError } from '../../src/models/request-error.js';
import { sameModel } from '../../src/models/server-kinds.js';
import type { ModelEndpoint } from '../../src/models/types.js';
import { answer } from '../helpers/fake-replies.js';
import { endpoint, failureOf, never, request, withFake } from './helpers.js';

describe('sameModel', () => {
  it.each([
    ['vllm', 'meta-llama/Llama-2-13b-hf', 'meta-llama/Llama-2-13b-hf', [], true],
    ['vllm', 'meta-llama/Llama-2-13b-hf', 'meta-llama/Llama-2-7b-hf', [], false],
    ['openai', 'gpt-4o', 'gpt-4o-2024-08-06', [], true],
    ['openai', 'gpt-4o', 'gpt-4o-mini', [], false],
    ['openai', 'gpt-4o', 'gpt-4o-mini-2024-07-18', [], false],
    ['openai', 'gpt-4', 'gpt-4-0613', [], true],
    ['openai', 'claude-3-5-sonnet', 'claude-3-5-sonnet-20240620', [], true],
    ['openai', 'gpt-4o-2024-08-06', 'gpt-4o', [], false],
    ['vllm', 'llama', 'served-alias', ['served-alias'], true],
    ['llamacpp', 'llama-2-13b', 'models/llama-2-13b.Q4_K_M.gguf', [], true],
    ['tgi', 'x', 'tgi', [], true],
    ['vllm', 'llama', null, [], true],
    ['vllm', 'llama', '', [], true],
  ] as const)('%s asked "%s", answered "%s" (served %j): %s', (kind, asked, answered, served, same) => {
    expect(sameModel(kind, asked, answered, served)).toBe(same);
  });
});

const build = (url: string, overrides: Partial<ModelEndpoint> = {}, served: string[] = []) =>
  buildModelApi(endpoint({ urls: [url], ...overrides }), { cacheDir: null, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 }, served });

describe('wrong model', () => {
  it('an answer from another model is a wrong-model failure, not retried', async () => {
    await withFake({ answer: () => answer('The answer is 42.', { model: 'meta-llama/Llama-2-7b-hf' }) }, async (fake) => {
      for (const stream of [false, true]) {
        const error: RequestError = await failureOf(build(fake.url, { servedModel: 'meta-llama/Llama-2-13b-hf' }).generate(request({ stream }), never));
        expect(error).toMatchObject({ kind: 'wrong-model', attempts: 1 });
        expect(error.message).toContain('answered by model "meta-llama/Llama-2-7b-hf", not "meta-llama/Llama-2-13b-hf"');
      }
      expect(fake.received('completions')).toHaveLength(2);
    });
  });

  it('an id the server listed at start-up is accepted', async () => {
    await withFake({ answer: () => answer('ok', { model: 'llama-13b-alias' }) }, async (fake) => {
      const generation = await build(fake.url, { servedModel: 'meta-llama/Llama-2-13b-hf' }, ['llama-13b-alias']).generate(request(), never);
      expect(generation.responseModel).toBe('llama-13b-alias');
    });
  });

  it('a llama.cpp server naming its model file is accepted', async () => {
    await withFake({ answer: () => answer('ok', { model: '/models/llama-2-13b.Q4_K_M.gguf' }) }, async (fake) => {
      expect((await build(fake.url, { kind: 'llamacpp' }).generate(request(), never)).responseModel).toBe('/models/llama-2-13b.Q4_K_M.gguf');
    });
  });
});

describe('context check', () => {
  it.each([
    ['fits', 60, 32, null],
    ['fills the context exactly', 68, 32, null],
    ['one token over', 69, 32, 'context'],
    ['a prompt alone larger than the context', 150, 32, 'context'],
  ] as const)('%s (prompt %i + max_tokens %i, context 100)', async (_name, prompt, maxTokens, kind) => {
    await withFake({ answer: () => answer('a b', { usage: { prompt, completion: 2 } }) }, async (fake) => {
      const pending = build(fake.url, { contextLength: 100 }).generate(request({ maxTokens }), never);
      if (kind === null) {
        expect((await pending).promptTokens).toBe(prompt);
        return;
      }
      const error: RequestError = await failureOf(pending);
      expect(error).toMatchObject({ kind, attempts: 1 });
      expect(error.message).toContain(`a prompt of ${prompt} tokens with max_tokens ${maxTokens}, more than its context of 100`);
      expect(fake.received('completions')).toHaveLength(1);
    });
  });

  it('is skipped when the context or the prompt count is unknown', async () => {
    await withFake({ answer: () => answer('a b', { usage: { prompt: 500, completion: 2 } }) }, async (fake) => {
      expect((await build(fake.url).generate(request(), never)).promptTokens).toBe(500);
    });
    await withFake({ answer: () => answer('a b', { usage: null }) }, async (fake) => {
      expect((await build(fake.url, { contextLength: 10 }).generate(request(), never)).promptTokens).toBeNull();
    });
  });
});
