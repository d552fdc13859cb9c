// Request bodies: every sampling parameter spelled out for every server kind, the kind's switches, extraBody last.
import { describe, expect, it } from 'vitest';
import { ollamaBody, openAiBody } from '../../src/models/request-body.js';
import { SERVER_KINDS, type ServerKind } from '../../src/vocabulary.js';
import { endpoint, request } from './helpers.js';

const SWITCHES: Record<ServerKind, Record<string, unknown>> = {
  vllm: { top_k: -1, min_p: 0, repetition_penalty: 1, presence_penalty: 0, frequency_penalty: 0 },
  sglang: { top_k: -1, min_p: 0, repetition_penalty: 1, presence_penalty: 0, frequency_penalty: 0 },
  llamacpp: { top_k: 0, min_p: 0, typical_p: 1, repeat_penalty: 1, cache_prompt: false },
  tgi: {},
  ollama: { top_k: 0, min_p: 0, repeat_penalty: 1 },
  openai: {},
  simulated: {},
  generic: {},
};

describe('openAiBody', () => {
  it.each(SERVER_KINDS.map((kind) => [kind]))('%s: completions name every sampling parameter and the kind switches', (kind) => {
    const body = openAiBody(endpoint({ kind }), request({ maxTokens: 64, sampling: { temperature: 0.7, topP: 0.9 }, seed: 11 }));
    expect(body).toEqual({
      model: 'fake-model',
      prompt: 'Q: What is 6 times 7?\nA:',
      max_tokens: 64,
      temperature: 0.7,
      top_p: 0.9,
      seed: 11,
      stop: kind === 'openai' ? null : [],
      stream: false,
      ...SWITCHES[kind],
    });
  });

  it.each(SERVER_KINDS.map((kind) => [kind]))('%s: chat sends the prompt as one user message', (kind) => {
    const body = openAiBody(endpoint({ kind, api: 'chat' }), request({ stop: ['\n\nQ:'] }));
    expect(body.messages).toEqual([{ role: 'user', content: 'Q: What is 6 times 7?\nA:' }]);
    expect(body.prompt).toBeUndefined();
    expect(body).toMatchObject({ max_tokens: 32, temperature: 0, top_p: 1, seed: 7, stop: ['\n\nQ:'], ...SWITCHES[kind] });
  });

  it('streams with usage asked for, and asks for token boundaries in each API’s form', () => {
    const streamed = openAiBody(endpoint(), request({ stream: true, wantTokens: true }));
    expect(streamed).toMatchObject({ stream: true, stream_options: { include_usage: true }, logprobs: 1 });
    const chat = openAiBody(endpoint({ api: 'chat' }), request({ wantTokens: true }));
    expect(chat.logprobs).toBe(true);
    expect(chat.stream_options).toBeUndefined();
    expect(openAiBody(endpoint(), request()).logprobs).toBeUndefined();
  });

  it('names max_completion_tokens instead when configured', () => {
    const body = openAiBody(endpoint({ kind: 'openai', api: 'chat', maxTokensField: 'max_completion_tokens' }), request({ maxTokens: 100 }));
    expect(body.max_completion_tokens).toBe(100);
    expect('max_tokens' in body).toBe(false);
  });

  it('lets extraBody override anything, the kind switches included', () => {
    const body = openAiBody(endpoint({ kind: 'llamacpp', extraBody: { top_k: 40, cache_prompt: true, n_probs: 2 } }), request());
    expect(body).toMatchObject({ top_k: 40, cache_prompt: true, n_probs: 2, min_p: 0 });
    const chat = openAiBody(endpoint({ api: 'chat', extraBody: { logprobs: false } }), request({ wantTokens: true }));
    expect(chat.logprobs).toBe(false);
  });

  it('refuses more stop sequences than the server takes', () => {
    expect(() => openAiBody(endpoint({ kind: 'tgi' }), request({ stop: ['a', 'b', 'c', 'd', 'e'] }))).toThrow(/5 stop sequences, but a tgi server takes at most 4/);
    expect(openAiBody(endpoint({ kind: 'tgi' }), request({ stop: ['a', 'b', 'c', 'd'] })).stop).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('ollamaBody', () => {
  it('sends the raw prompt with every sampling parameter as options', () => {
    const body = ollamaBody(endpoint({ kind: 'ollama', api: 'ollama' }), request({ maxTokens: 50, sampling: { temperature: 0.2, topP: 0.8 }, seed: 3, stream: true }));
    expect(body).toEqual({
      model: 'fake-model',
      prompt: 'Q: What is 6 times 7?\nA:',
      raw: true,
      stream: true,
      options: { num_predict: 50, temperature: 0.2, top_p: 0.8, seed: 3, stop: [], top_k: 0, min_p: 0, repeat_penalty: 1 },
    });
  });

  it('sets the context when known, and merges extraBody options last', () => {
    const body = ollamaBody(
      endpoint({ kind: 'ollama', api: 'ollama', contextLength: 8192, extraBody: { keep_alive: '5m', options: { num_ctx: 4096, num_thread: 2 } } }),
      request({ stop: ['\n\n'] }),
    );
    expect(body.keep_alive).toBe('5m');
    expect(body.options).toEqual({ num_predict: 32, temperature: 0, top_p: 1, seed: 7, stop: ['\n\n'], top_k: 0, min_p: 0, repeat_penalty: 1, num_ctx: 4096, num_thread: 2 });
  });
});
