// The simulator over HTTP: endpoints, response shapes, usage, limits and errors, as OpenAI clients see them.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulate/server.js';
import type { RunningSimulator } from '../../src/simulate/server.js';
import { countTokens, tokenize } from '../../src/simulate/tokenizer.js';
import { csqaItems, gsm8kItems, postJson, promptFor, testProfile } from './helpers.js';

let sim: RunningSimulator;
const prompt = promptFor(gsm8kItems[0]!);

beforeAll(async () => {
  sim = await startSimulator(testProfile({ contextLength: 1024 }), { port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const complete = (body: Record<string, unknown>) => postJson(`${sim.url}/completions`, { model: 'sim-test', prompt, max_tokens: 30, ...body });

describe('listing and health', () => {
  it('listens on loopback and serves /v1/models', async () => {
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}/v1`);
    const response = await fetch(`${sim.url}/models`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-gkt-simulated')).toBe('1');
    const body = await response.json();
    expect(body).toEqual({
      object: 'list',
      data: [{ id: 'sim-test', object: 'model', created: expect.any(Number), owned_by: 'gkt-simulator', max_model_len: 1024 }],
    });
  });

  it('answers /health, and 404 with an OpenAI error elsewhere', async () => {
    const health = await fetch(`http://127.0.0.1:${sim.port}/health`);
    expect([health.status, health.headers.get('x-gkt-simulated')]).toEqual([200, '1']);
    const missing = await fetch(`${sim.url}/embeddings`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-gkt-simulated')).toBe('1');
    expect(await missing.json()).toEqual({ error: { message: 'no route for POST /v1/embeddings', type: 'invalid_request_error', param: null, code: 'not_found' } });
  });
});

describe('POST /v1/completions', () => {
  it('answers in the OpenAI shape with exact usage', async () => {
    const { status, headers, json } = await complete({ temperature: 0 });
    expect(status).toBe(200);
    expect(headers.get('x-gkt-simulated')).toBe('1');
    expect(json).toEqual({
      id: expect.stringMatching(/^cmpl-gkt-\d+$/),
      object: 'text_completion',
      created: expect.any(Number),
      model: 'sim-test',
      system_fingerprint: 'gkt-simulated',
      choices: [{ index: 0, text: expect.any(String), finish_reason: 'length', logprobs: null }],
      usage: { prompt_tokens: countTokens(prompt), completion_tokens: 30, total_tokens: countTokens(prompt) + 30 },
    });
  });

  it.each([1, 7, 64, 300])('respects max_tokens %d exactly', async (maxTokens) => {
    const { json } = await complete({ max_tokens: maxTokens });
    expect(tokenize(json.choices[0].text)).toHaveLength(maxTokens);
    expect(json.usage.completion_tokens).toBe(maxTokens);
  });

  it('stops before the stop string, with finish_reason stop', async () => {
    const { json: full } = await complete({ max_tokens: 200 });
    const { json } = await complete({ max_tokens: 200, stop: ['\nQ:'] });
    const text: string = full.choices[0].text;
    expect(json.choices[0].text).toBe(text.slice(0, text.indexOf('\nQ:')));
    expect(json.choices[0].finish_reason).toBe('stop');
    expect(json.choices[0].text).toMatch(/The answer is \d+\.\n$/);
    // The stop's own tokens (`\n`, `Q`, `:`) were decoded, so they count, as llama.cpp counts them.
    expect(json.usage.completion_tokens).toBe(tokenize(json.choices[0].text).length + 3);
    const single = await complete({ max_tokens: 200, stop: '\nQ:' });
    expect(single.json.choices[0].text).toBe(json.choices[0].text);
  });

  it('returns legacy logprobs whose tokens rebuild the text at their offsets', async () => {
    const { json } = await complete({ max_tokens: 50, logprobs: 0, stop: ['\nQ:'] });
    const { text, logprobs } = json.choices[0];
    expect(logprobs.top_logprobs).toBeNull();
    expect(logprobs.tokens.join('')).toBe(text);
    expect(logprobs.token_logprobs).toHaveLength(logprobs.tokens.length);
    for (const value of logprobs.token_logprobs) expect(value).toBeLessThan(0);
    logprobs.tokens.forEach((token: string, i: number) => {
      expect(text.slice(logprobs.text_offset[i], logprobs.text_offset[i] + token.length)).toBe(token);
    });
    expect(logprobs.text_offset[0]).toBe(0);
  });

  it('tolerates the extra fields servers take', async () => {
    const { status } = await complete({ top_k: 0, min_p: 0, cache_prompt: true, repetition_penalty: 1, ignore_eos: true, n: 1, user: 'x' });
    expect(status).toBe(200);
  });

  it('accepts a request without a model, meaning the served one', async () => {
    const { status, json } = await postJson(`${sim.url}/completions`, { prompt, max_tokens: 3 });
    expect([status, json.model]).toEqual([200, 'sim-test']);
  });

  it('answers a wrong model with 404', async () => {
    const { status, json } = await complete({ model: 'llama' });
    expect(status).toBe(404);
    expect(json.error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_found', message: expect.stringContaining('`llama` does not exist') });
  });

  it('refuses a prompt and completion over the context length', async () => {
    const p = countTokens(prompt);
    const { status, json } = await complete({ max_tokens: 1024 - p + 1 });
    expect(status).toBe(400);
    expect(json.error.message).toBe(
      `This model's maximum context length is 1024 tokens. However, you requested 1025 tokens (${p} in the messages, ${1024 - p + 1} in the completion). Please reduce the length of the messages or completion.`,
    );
    expect(json.error.code).toBe('context_length_exceeded');
    expect((await complete({ max_tokens: 1024 - p })).status).toBe(200);
  });

  it.each([
    [{ max_tokens: undefined }, 'max_tokens'],
    [{ max_tokens: 0 }, 'max_tokens'],
    [{ max_tokens: 2.5 }, 'max_tokens'],
    [{ prompt: ['a', 'b'] }, 'prompt'],
    [{ prompt: 42 }, 'prompt'],
    [{ temperature: -1 }, 'temperature'],
    [{ top_p: 0 }, 'top_p'],
    [{ seed: 'x' }, 'seed'],
    [{ stop: [1] }, 'stop'],
    [{ logprobs: true }, 'logprobs'],
    [{ n: 2 }, 'n'],
    [{ echo: true }, 'echo'],
    [{ stream: 'yes' }, 'stream'],
  ])('refuses %j with 400 naming %s', async (body, param) => {
    const { status, json } = await complete(body);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ type: 'invalid_request_error', param });
  });

  it('refuses a body that is not JSON', async () => {
    const response = await fetch(`${sim.url}/completions`, { method: 'POST', body: '{"prompt": ' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^the request body is not valid JSON/);
  });
});

describe('determinism', () => {
  const text = async (body: Record<string, unknown>) => (await complete({ max_tokens: 80, ...body })).json.choices[0].text as string;

  it('gives the same text for the same request', async () => {
    expect(await text({ temperature: 0.8, seed: 5 })).toBe(await text({ temperature: 0.8, seed: 5 }));
  });

  it('ignores the seed at temperature 0', async () => {
    const texts = new Set<string>();
    for (let seed = 0; seed < 12; seed++) texts.add(await text({ temperature: 0, seed }));
    expect(texts.size).toBe(1);
  });

  it('changes the text with the seed at temperature > 0', async () => {
    const texts = new Set<string>();
    for (let seed = 0; seed < 12; seed++) texts.add(await text({ temperature: 0.8, top_p: 0.9, seed }));
    expect(texts.size).toBe(2);
  });
});

describe('POST /v1/chat/completions', () => {
  const chat = (body: Record<string, unknown>) =>
    postJson(`${sim.url}/chat/completions`, { model: 'sim-test', messages: [{ role: 'user', content: prompt }], max_tokens: 40, temperature: 0, ...body });

  it('answers in the chat shape, with the text the completions endpoint gives', async () => {
    const { status, json } = await chat({});
    expect(status).toBe(200);
    expect(json).toEqual({
      id: expect.stringMatching(/^chatcmpl-gkt-\d+$/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'sim-test',
      system_fingerprint: 'gkt-simulated',
      choices: [{ index: 0, message: { role: 'assistant', content: expect.any(String) }, logprobs: null, finish_reason: 'length' }],
      usage: { prompt_tokens: countTokens(prompt), completion_tokens: 40, total_tokens: countTokens(prompt) + 40 },
    });
    expect(json.choices[0].message.content).toBe((await complete({ max_tokens: 40, temperature: 0 })).json.choices[0].text);
  });

  it('returns chat logprobs with bytes', async () => {
    const { json } = await chat({ logprobs: true, top_logprobs: 2, max_completion_tokens: 12 });
    const { content } = json.choices[0].logprobs;
    expect(content).toHaveLength(12);
    expect(content.map((c: { token: string }) => c.token).join('')).toBe(json.choices[0].message.content);
    expect(content[0]).toEqual({ token: content[0].token, logprob: expect.any(Number), bytes: [...Buffer.from(content[0].token)], top_logprobs: [] });
  });

  it('joins the messages’ contents, text parts included', async () => {
    const parts = await chat({ messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }] });
    expect(parts.json.choices[0].message.content).toBe((await chat({})).json.choices[0].message.content);
    const bad = await chat({ messages: [] });
    expect([bad.status, bad.json.error.param]).toEqual([400, 'messages']);
  });
});

describe('/tokenize and /detokenize', () => {
  it('tokenizes prompt or content, and maps the ids back', async () => {
    const base = `http://127.0.0.1:${sim.port}`;
    const { json } = await postJson(`${base}/tokenize`, { prompt: 'The answer is 18.' });
    expect(json).toEqual({ tokens: expect.any(Array), count: 5, max_model_len: 1024 });
    const llama = await postJson(`${base}/tokenize`, { content: 'The answer is 18.' });
    expect(llama.json.tokens).toEqual(json.tokens);
    expect((await postJson(`${base}/detokenize`, { tokens: json.tokens })).json).toEqual({ prompt: 'The answer is 18.' });
    const unknown = await postJson(`${base}/detokenize`, { tokens: [7] });
    expect([unknown.status, unknown.json.error.param]).toEqual([400, 'tokens']);
  });
});

describe('the openai package', () => {
  it('reads completions, chat and models', async () => {
    const client = new OpenAI({ baseURL: sim.url, apiKey: 'unused', maxRetries: 0 });
    const completion = await client.completions.create({ model: 'sim-test', prompt: promptFor(csqaItems[0]!), max_tokens: 20, temperature: 0 });
    expect(completion.choices[0]!.text).toMatch(/^Let us look at each choice\./);
    expect(completion.usage?.completion_tokens).toBe(20);
    const chat = await client.chat.completions.create({ model: 'sim-test', messages: [{ role: 'user', content: prompt }], max_tokens: 5 });
    expect(tokenize(chat.choices[0]!.message.content!)).toHaveLength(5);
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['sim-test']);
    await expect(client.completions.create({ model: 'other', prompt, max_tokens: 5 })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('streams through the package', async () => {
    const client = new OpenAI({ baseURL: sim.url, apiKey: 'unused', maxRetries: 0 });
    const stream = await client.completions.create({
      model: 'sim-test',
      prompt,
      max_tokens: 25,
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let completionTokens = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? '';
      if (chunk.usage) completionTokens = chunk.usage.completion_tokens;
    }
    expect(text).toBe((await complete({ max_tokens: 25, temperature: 0 })).json.choices[0].text);
    expect(completionTokens).toBe(25);
  });
});
