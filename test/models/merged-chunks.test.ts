// llama.cpp holds back a token that ends inside a UTF-8 character and sends it in the next chunk: token boundaries count every token the server generated.
import { describe, expect, it } from 'vitest';
import { buildModelApi } from '../../src/models/build.js';
import { openAiModel } from '../../src/models/openai-api.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cutTeacherText } from '../../src/cell/guidance.js';
import type { TeacherRecord } from '../../src/results/records.js';
import type { Generation } from '../../src/models/types.js';
import { answer, type TokenPiece } from '../helpers/fake-replies.js';
import { endpoint, never, request, withFake } from './helpers.js';

/** " caf" <0xC3> <0xA9> " is" " open": 5 tokens, the 2nd ends inside "é" (SentencePiece byte fallback). */
const CAFE: TokenPiece[] = [
  { token: ' caf' },
  { token: '\ufffd', bytes: [0xc3] },
  { token: '\ufffd', bytes: [0xa9] },
  { token: ' is' },
  { token: ' open' },
];
/** As seen on a real llama.cpp (b4748): a lone lead byte, then a token that does not complete it ("\ufffdpred" in one chunk). */
const LONE: TokenPiece[] = [{ token: 'Q' }, { token: '\ufffd', bytes: [0xcd] }, { token: 'pred' }, { token: ' 7' }];

async function generate(tokens: TokenPiece[], perTokenTimings: boolean): Promise<{ generation: Generation; body: Record<string, unknown> }> {
  return withFake({ answer: () => answer(null, { tokens, logprobs: 'content', llamaCppChunks: { perTokenTimings } }) }, async (fake) => {
    const model = openAiModel(endpoint({ kind: 'llamacpp', urls: [fake.url] }), fake.url);
    const generation = await model.generate(request({ wantTokens: true, stream: true, maxTokens: tokens.length }), never);
    return { generation, body: fake.received('completions')[0]!.body as Record<string, unknown> };
  });
}

const record = (g: Generation): TeacherRecord =>
  ({
    text: g.text,
    completionTokens: g.completionTokens,
    tokens: {
      end: g.tokens!.map((t) => t.end),
      at: g.tokens!.map((t) => t.at),
      ...(g.tokens!.some((t) => t.exact === false) ? { inexact: g.tokens!.flatMap((t, i) => (t.exact === false ? [i] : [])) } : {}),
    },
  }) as TeacherRecord;

describe('a chunk holding two tokens', () => {
  it('is counted as two from llama.cpp’s per-token timings: one span per generated token, the held one inexact', async () => {
    const { generation, body } = await generate(CAFE, true);
    expect(body.timings_per_token).toBe(true);
    expect(generation.text).toBe(' café is open');
    expect(generation.completionTokens).toBe(5);
    expect(generation.tokens!.map((t) => [t.end, t.exact ?? true])).toEqual([
      [4, true],
      // Token 2 ends inside "é": placed at the character boundary before it.
      [4, false],
      [5, true],
      [8, true],
      [13, true],
    ]);
  });

  it('cuts guidance at the true k-th token, and records a cut inside a character as inexact, holding what it holds', async () => {
    const { generation } = await generate(CAFE, true);
    const r = record(generation);
    expect(cutTeacherText(r, 3)).toMatchObject({ raw: ' café', tokens: 3, derived: true });
    expect(cutTeacherText(r, 3).inexact).toBeUndefined();
    expect(cutTeacherText(r, 4)).toMatchObject({ raw: ' café is', tokens: 4 });
    expect(cutTeacherText(r, 2)).toMatchObject({ raw: ' caf', tokens: 1, inexact: true });
    // The whole answer holds every token the server generated.
    expect(cutTeacherText(r, 5)).toMatchObject({ raw: ' café is open', tokens: 5, derived: false });
  });

  it('holds a lone byte the next token does not complete, as a real llama.cpp sends it', async () => {
    const { generation } = await generate(LONE, true);
    expect(generation.text).toBe('Q\ufffdpred 7');
    expect(generation.tokens!.map((t) => [t.end, t.exact ?? true])).toEqual([
      [1, true],
      [1, false],
      [6, true],
      [8, true],
    ]);
    expect(cutTeacherText(record(generation), 3)).toMatchObject({ raw: 'Q\ufffdpred', tokens: 3 });
  });

  it('without per-chunk counts, marks every boundary from the first piece beyond ASCII inexact and counts the whole from usage', async () => {
    const { generation, body } = await generate(CAFE, false);
    expect(body.timings_per_token).toBe(true);
    expect(generation.completionTokens).toBe(5);
    // Four pieces for five tokens: where the fifth hides is not said.
    expect(generation.tokens!.map((t) => [t.end, t.exact ?? true])).toEqual([
      [4, true],
      [5, false],
      [8, false],
      [13, false],
    ]);
    const r = record(generation);
    expect(cutTeacherText(r, 1)).toEqual({ raw: ' caf', tokens: 1, readyAt: expect.any(Number) as number, derived: true });
    expect(cutTeacherText(r, 3)).toMatchObject({ raw: ' café is', tokens: 3, inexact: true });
    expect(cutTeacherText(r, 5)).toMatchObject({ raw: ' café is open', tokens: 5 });
  });

  it('asks no per-token timings of other servers, nor when no token boundaries are wanted', async () => {
    await withFake({ answer: () => answer('ok') }, async (fake) => {
      await openAiModel(endpoint({ kind: 'vllm', urls: [fake.url] }), fake.url).generate(request({ wantTokens: true, stream: true }), never);
      await openAiModel(endpoint({ kind: 'llamacpp', urls: [fake.url] }), fake.url).generate(request({ stream: true }), never);
      for (const r of fake.received('completions')) expect(r.body.timings_per_token).toBeUndefined();
    });
  });

  it('keeps its inexact marks and log-probabilities when answered again from the cache', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gkt-merged-cache-'));
    try {
      await withFake({ answer: () => answer(null, { tokens: CAFE, logprobs: 'content', llamaCppChunks: { perTokenTimings: true } }) }, async (fake) => {
        const api = buildModelApi(endpoint({ kind: 'llamacpp', urls: [fake.url] }), { cacheDir: dir, retry: { attempts: 1 } });
        const ask = request({ wantTokens: true, stream: true, maxTokens: CAFE.length });
        const fresh = await api.generate(ask, never);
        const cached = await api.generate(ask, never);
        expect(cached.cached).toBe(true);
        expect(fake.received('completions')).toHaveLength(1);
        expect(cached.tokens!.map((t) => [t.end, t.exact ?? true, t.logprob ?? null])).toEqual(fresh.tokens!.map((t) => [t.end, t.exact ?? true, t.logprob ?? null]));
        expect(cached.tokens!.some((t) => t.logprob !== undefined)).toBe(true);
        expect(cached.tokens!.every((t) => t.at === null)).toBe(true);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
