// Asking a server what it serves, and waiting for it to come up: /v1/models, Ollama's /api/tags, faults and restarts.
import { describe, expect, it } from 'vitest';
import { listServedModels, probeModels, waitForReady } from '../../src/models/probe.js';
import { fault } from '../helpers/fake-replies.js';
import { failureOf, never, withFake } from './helpers.js';

const options = { authorization: null, timeoutMs: 2000, signal: never };

describe('probeModels', () => {
  it('lists /v1/models with vLLM’s context length, and sends the key', async () => {
    await withFake({ model: 'meta-llama/Llama-2-13b-hf', alsoServes: ['lora-a'], maxModelLen: 4096 }, async (fake) => {
      expect(await probeModels(fake.url, 'vllm', { ...options, authorization: 'Bearer sk-test-probe-1234' })).toEqual([
        { id: 'meta-llama/Llama-2-13b-hf', contextLength: 4096 },
        { id: 'lora-a', contextLength: 4096 },
      ]);
      expect(fake.received('models')[0]!.headers.authorization).toBe('Bearer sk-test-probe-1234');
    });
  });

  it('lists Ollama’s models from /api/tags, given the /v1 URL or the root', async () => {
    await withFake({ model: 'llama2:13b-text', alsoServes: ['mistral:7b'] }, async (fake) => {
      expect(await listServedModels(fake.url, 'ollama', options)).toEqual(['llama2:13b-text', 'mistral:7b']);
      expect(await listServedModels(fake.root, 'ollama', options)).toEqual(['llama2:13b-text', 'mistral:7b']);
      expect(fake.received('tags')).toHaveLength(2);
      expect(fake.received('models')).toHaveLength(0);
    });
  });

  it.each([
    ['an HTTP error', fault.status(503, { message: 'loading' }), /^GET http:\/\/127\.0\.0\.1:\d+\/v1\/models: HTTP 503$/],
    ['a body that is not JSON', fault.malformed('<html>'), /\/v1\/models: the answer is not JSON$/],
    ['JSON without a data list', fault.malformed('{"models": []}'), /\/v1\/models: no "data" list in the answer$/],
    ['a reset connection', fault.reset(), /^GET http:\/\/127\.0\.0\.1:\d+\/v1\/models: /],
    ['a server that never answers', fault.hang(), /^GET http:\/\/127\.0\.0\.1:\d+\/v1\/models: .*(timeout|aborted)/i],
  ])('%s fails with a message naming the target', async (_name, reply, message) => {
    await withFake({ probe: () => reply }, async (fake) => {
      const error = await failureOf(probeModels(fake.url, 'vllm', { ...options, timeoutMs: 300 }));
      expect(error.message).toMatch(message);
    });
  });

  it('a server that is down fails with the connection error', async () => {
    await withFake({}, async (fake) => {
      await fake.kill();
      expect((await failureOf(probeModels(fake.url, 'vllm', options))).message).toMatch(/\/v1\/models: ECONNREFUSED/);
    });
  });
});

describe('waitForReady', () => {
  it('polls until the server lists its models', async () => {
    await withFake({ probe: (_r, n) => (n <= 2 ? fault.status(503) : undefined) }, async (fake) => {
      await waitForReady(fake.url, 'vllm', { timeoutMs: 10_000, intervalMs: 20, signal: never });
      expect(fake.received('models')).toHaveLength(3);
    });
  });

  it('waits through a restart on the same port', async () => {
    await withFake({}, async (fake) => {
      await fake.kill();
      const ready = waitForReady(fake.url, 'vllm', { timeoutMs: 10_000, intervalMs: 20, signal: never });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await fake.restart();
      await ready;
      expect(fake.received('models').length).toBeGreaterThanOrEqual(1);
    });
  });

  it('gives up after its timeout with the last reason', async () => {
    await withFake({ probe: () => fault.status(503) }, async (fake) => {
      const error = await failureOf(waitForReady(fake.url, 'vllm', { timeoutMs: 200, intervalMs: 20, signal: never }));
      expect(error.message).toMatch(/^not ready within 0\.2 s \(GET http:\/\/127\.0\.0\.1:\d+\/v1\/models: HTTP 503\)$/);
      expect(fake.received('models').length).toBeGreaterThanOrEqual(2);
    });
  });

  it('stops when interrupted', async () => {
    await withFake({ probe: () => fault.status(503) }, async (fake) => {
      const controller = new AbortController();
      const ready = waitForReady(fake.url, 'vllm', { timeoutMs: 60_000, intervalMs: 20, signal: controller.signal });
      while (fake.received('models').length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
      expect((await failureOf(ready)).message).toBe('interrupted while waiting for the server');
    });
  });
});
