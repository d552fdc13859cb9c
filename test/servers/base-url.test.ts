// A base URL without its /v1: gkt says "add /v1" rather than "start the server first", and asks nothing more of a server that answers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedModel } from '../../src/config/resolved.js';
import { closeConnections } from '../../src/models/connection-owners.js';
import { runLayout } from '../../src/results/layout.js';
import { startServers } from '../../src/servers/start.js';
import { withFake, endpoint } from '../models/helpers.js';

function attached(url: string, kind: ResolvedModel['endpoint']['kind'] = 'vllm'): ResolvedModel {
  return {
    key: 'teacher',
    label: 'teacher',
    endpoint: endpoint({ kind, urls: [url], servedModel: 'fake-model' }),
    batch: 4,
    sampling: null,
    stream: true,
    launch: null,
    prices: null,
    simulated: false,
    chat: null,
    speculative: null,
  };
}

async function startFailure(model: ResolvedModel): Promise<{ message: string; hint: string | undefined } | null> {
  const dir = await mkdtemp(join(tmpdir(), 'gkt-base-url-'));
  const signal = new AbortController().signal;
  try {
    const started = await startServers([model], [], runLayout(dir), { env: {}, signal, log: () => undefined, probeTimeoutMs: 2000 });
    await started.stop();
    return null;
  } catch (error) {
    return { message: (error as Error).message, hint: (error as { hint?: string }).hint };
  } finally {
    await closeConnections(signal);
    await rm(dir, { recursive: true, force: true });
  }
}

describe('a base URL without /v1', () => {
  it('that answers 404 at /models is told to add /v1', async () => {
    await withFake({}, async (fake) => {
      const failure = await startFailure(attached(fake.root));
      expect(failure?.message).toBe(`teacher: ${fake.root} is not the server's OpenAI API, which answers at ${fake.root}/v1`);
      expect(failure?.hint).toBe(`add /v1 to the model's URL: ${fake.root}/v1`);
    });
  });

  it('that lists models at its root too (llama.cpp), whose root /completions is another API, is told to add /v1', async () => {
    await withFake({ listsAtRoot: true }, async (fake) => {
      const failure = await startFailure(attached(`${fake.root}/`, 'llamacpp'));
      expect(failure?.hint).toBe(`add /v1 to the model's URL: ${fake.root}/v1`);
      expect(fake.received('models').map((r) => r.path)).toEqual(['/models', '/v1/models']);
    });
  });

  it('is still told to start a server that does not answer at all', async () => {
    await withFake({}, async (fake) => {
      await fake.kill();
      const failure = await startFailure(attached(fake.root));
      expect(failure?.message).toMatch(/does not answer: .*ECONNREFUSED/);
      expect(failure?.hint).toMatch(/start the server first/);
    });
  });

  it('costs nothing when the URL ends in /v1', async () => {
    await withFake({}, async (fake) => {
      expect(await startFailure(attached(fake.url))).toBeNull();
      expect(fake.received('models')).toHaveLength(1);
    });
  });
});
