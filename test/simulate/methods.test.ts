// What the simulator gives the methods: doubt where answers go wrong, items of shared difficulty, vocabularies, speculative decoding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSpecCounters, tokenIds } from '../../src/models/server-figures.js';
import { planAnswer } from '../../src/simulate/answer.js';
import { speculativeSteps } from '../../src/simulate/generation.js';
import { startSimulator, type RunningSimulator } from '../../src/simulate/server.js';
import { simItemFromDataset } from '../../src/simulate/sim-item.js';
import { gsm8kItems, postJson, promptFor, testProfile } from './helpers.js';

type Json = Record<string, any>;

const ask = { authorization: null, timeoutMs: 5000, signal: new AbortController().signal };

describe('the simulator for the methods', () => {
  const sims: Record<string, RunningSimulator> = {};
  beforeAll(async () => {
    sims.plain = await startSimulator(testProfile({ model: 'm', accuracy: 0.5 }));
    sims.other = await startSimulator(testProfile({ model: 'm', vocabulary: 'other' }));
    sims.speculative = await startSimulator(testProfile({ model: 'm', accuracy: 0.5, speculative: { acceptance: 0.6, draftTokens: 4 } }));
  });
  afterAll(async () => {
    await Promise.all(Object.values(sims).map((s) => s.close()));
  });

  it('gives lower token log-probabilities where an answer goes wrong', async () => {
    const means = { right: [] as number[], wrong: [] as number[] };
    for (let seed = 1; seed <= 40; seed++) {
      for (const item of gsm8kItems) {
        const body = (await postJson(`${sims.plain!.url}/completions`, { model: 'm', prompt: promptFor(item), max_tokens: 60, temperature: 1, seed, logprobs: 1, stop: ['\nQ:'] })).json as Json;
        const choice = body.choices[0];
        const values = choice.logprobs.token_logprobs as number[];
        const right = new RegExp(`The answer is ${item.gold}\\.`).test(choice.text as string);
        means[right ? 'right' : 'wrong'].push(values.reduce((a, b) => a + b, 0) / values.length);
      }
    }
    const average = (list: number[]) => list.reduce((a, b) => a + b, 0) / list.length;
    expect(means.right.length).toBeGreaterThan(20);
    expect(means.wrong.length).toBeGreaterThan(20);
    expect(average(means.wrong)).toBeLessThan(average(means.right) - 0.2);
    // A signal, not a verdict: some wrong answers are written without doubt.
    expect(Math.max(...means.wrong)).toBeGreaterThan(Math.min(...means.right));
  });

  it('decides a share of items by a hardness every model shares, leaving the overall chance as it was', () => {
    const items = gsm8kItems.map(simItemFromDataset);
    const reading = { style: 'plain' as const, question: '', written: ' ' };
    const right = (model: string, difficulty: number, seed: number) =>
      items.map((item) => planAnswer(item, reading, { modelId: model, accuracy: 0.6, helpHorizon: 40, difficulty }, seed).correct);
    // Fully decided by hardness: every model and every seed is right on the same items.
    expect(right('a', 1, 1)).toEqual(right('b', 1, 7));
    expect(right('a', 0, 1)).not.toEqual(right('a', 0, 2));
  });

  it('hands out other token ids under another vocabulary, for the same text', async () => {
    const text = 'The answer is 18.';
    const mine = await tokenIds('vllm', 'm', sims.plain!.url, text, ask);
    const theirs = await tokenIds('llamacpp', 'm', sims.other!.url, text, ask);
    expect(mine).toHaveLength(theirs!.length);
    expect(mine).not.toEqual(theirs);
    expect(await tokenIds('vllm', 'm', sims.speculative!.url, text, ask)).toEqual(mine);
  });

  it('decodes speculatively in steps whose drafts it counts per request and at /metrics, its answers unchanged', async () => {
    const body = { model: 'm', prompt: promptFor(gsm8kItems[0]!), max_tokens: 40, temperature: 0, seed: 3 };
    const before = await readSpecCounters(sims.speculative!.url, ask);
    expect(before).toEqual({ drafts: 0, draftTokens: 0, acceptedTokens: 0 });
    const plain = (await postJson(`${sims.plain!.url}/completions`, body)).json as Json;
    const fast = (await postJson(`${sims.speculative!.url}/completions`, body)).json as Json;
    expect(fast.choices[0].text).toBe(plain.choices[0].text);
    expect(fast.timings.predicted_n).toBe(40);
    expect(fast.timings.draft_n_accepted).toBeLessThanOrEqual(fast.timings.draft_n);
    const after = await readSpecCounters(sims.speculative!.url, ask);
    expect(after).toMatchObject({ draftTokens: fast.timings.draft_n, acceptedTokens: fast.timings.draft_n_accepted });
    expect(await readSpecCounters(sims.plain!.url, ask)).toBeNull();
  });

  it('emits each step its accepted drafts and one token more, never past the tokens asked', () => {
    for (const acceptance of [0, 0.5, 1]) {
      const steps = speculativeSteps({ acceptance, draftTokens: 4, draftMsPerToken: 0 }, 37, 11);
      expect(steps.steps + steps.accepted).toBe(37);
      expect(steps.accepted).toBeLessThanOrEqual(steps.drafted);
      if (acceptance === 0) expect(steps.accepted).toBe(0);
      if (acceptance === 1) expect(steps.steps).toBe(Math.ceil(37 / 5));
    }
  });
});
