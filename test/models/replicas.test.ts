// Data-parallel replicas: requests spread by load, and a retried request moving to another replica.
import { describe, expect, it } from 'vitest';
import { buildModelApi } from '../../src/models/build.js';
import { spreadOverReplicas } from '../../src/models/replicas.js';
import { RequestError, type FailureKind } from '../../src/models/request-error.js';
import type { ModelApi } from '../../src/models/types.js';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';
import { answer, fault } from '../helpers/fake-replies.js';
import type { Script } from '../helpers/fake-openai.js';
import { endpoint, never, request } from './helpers.js';

async function withReplicas<T>(scripts: Script[], use: (fakes: FakeOpenAi[]) => Promise<T>): Promise<T> {
  const fakes = await Promise.all(scripts.map((answer) => startFakeOpenAi({ model: 'fake-model', answer })));
  try {
    return await use(fakes);
  } finally {
    await Promise.all(fakes.map((f) => f.close()));
  }
}

const build = (fakes: FakeOpenAi[], attempts = 1) =>
  buildModelApi(endpoint({ urls: fakes.map((f) => f.url) }), { cacheDir: null, retry: { attempts, baseDelayMs: 1, maxDelayMs: 2 } });
const count = (fakes: FakeOpenAi[]) => fakes.map((f) => f.received('completions').length);

describe('replicas', () => {
  it('spreads concurrent requests evenly', async () => {
    const slow = () => answer('ok', { delayMs: 100 });
    await withReplicas([slow, slow, slow], async (fakes) => {
      const model = build(fakes);
      const generations = await Promise.all(Array.from({ length: 9 }, (_, i) => model.generate(request({ seed: i }), never)));
      expect(generations.every((g) => g.text === 'ok')).toBe(true);
      expect(count(fakes)).toEqual([3, 3, 3]);
    });
  });

  it('sends new requests to the replica with fewer in flight', async () => {
    await withReplicas([() => answer('slow', { delayMs: 400 }), () => answer('fast')], async (fakes) => {
      const model = build(fakes);
      const slow = model.generate(request(), never);
      while (fakes[0]!.received().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      for (let i = 0; i < 3; i++) expect((await model.generate(request({ seed: i }), never)).text).toBe('fast');
      expect((await slow).text).toBe('slow');
      expect(count(fakes)).toEqual([1, 3]);
    });
  });

  it('a failed request is retried on another replica', async () => {
    await withReplicas([() => fault.status(503), () => answer('from the second')], async (fakes) => {
      const generation = await build(fakes, 3).generate(request(), never);
      expect(generation).toMatchObject({ text: 'from the second', attempts: 2 });
      expect(count(fakes)).toEqual([1, 1]);
    });
  });

  it('a dead replica costs one attempt, not one per request', async () => {
    await withReplicas([() => answer('first'), () => answer('second')], async (fakes) => {
      await fakes[0]!.kill();
      const model = build(fakes, 2);
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await model.generate(request({ seed: i }), never));
      expect(answers.map((g) => g.text)).toEqual(['second', 'second', 'second', 'second']);
      expect(answers.map((g) => g.attempts)).toEqual([2, 1, 1, 1]);
    });
  });
});

describe('spreadOverReplicas', () => {
  /** Replicas that answer with their index, or fail with `kind` while `failing[i]` is set. */
  function replicas(n: number, failing: boolean[], kind: FailureKind = 'connection') {
    const calls: number[] = [];
    const apis: ModelApi[] = Array.from({ length: n }, (_, i) => ({
      async generate() {
        calls.push(i);
        if (failing[i]) throw new RequestError({ kind, target: `replica ${i}`, reason: 'down' });
        return { text: String(i), finishReason: 'stop', promptTokens: 1, completionTokens: 1, responseModel: null, tokens: null, start: 0, end: 0, firstTokenAt: null, attempts: 1, cached: false };
      },
    }));
    return { apis, calls };
  }
  const attempt = (api: ModelApi) => api.generate(request(), never).then((g) => g.text, (e: RequestError) => e.kind);

  it('passes over a failed replica while it rests, then tries it again', async () => {
    let now = 0;
    const failing = [true, false, false];
    const { apis, calls } = replicas(3, failing);
    const spread = spreadOverReplicas(apis, { restMs: 1000, now: () => now });
    const seen = [];
    for (let i = 0; i < 5; i++) seen.push(await attempt(spread));
    expect(seen).toEqual(['connection', '1', '2', '1', '2']);
    now = 1000;
    failing[0] = false;
    for (let i = 0; i < 3; i++) seen.push(await attempt(spread));
    expect(calls).toEqual([0, 1, 2, 1, 2, 0, 1, 2]);
  });

  it('uses every replica when all are resting', async () => {
    const { apis, calls } = replicas(2, [true, true], 'server');
    const spread = spreadOverReplicas(apis, { restMs: 1000, now: () => 0 });
    for (let i = 0; i < 4; i++) expect(await attempt(spread)).toBe('server');
    expect(calls).toEqual([0, 1, 0, 1]);
  });

  it('a failure of the request itself does not rest the replica', async () => {
    const { apis, calls } = replicas(2, [true, false], 'context');
    const spread = spreadOverReplicas(apis, { restMs: 1000, now: () => 0 });
    for (let i = 0; i < 4; i++) await attempt(spread);
    expect(calls).toEqual([0, 1, 0, 1]);
  });
});
