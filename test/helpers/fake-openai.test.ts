// The fake server itself, over plain fetch: wire shapes, include_usage, recording, scripts between phases, restarts.
import { describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi } from './fake-openai.js';
import { answer, fault } from './fake-replies.js';

async function withServer(use: (fake: FakeOpenAi) => Promise<void>, answerText = 'a b c'): Promise<void> {
  const fake = await startFakeOpenAi({ model: 'm', answer: () => answer(answerText, { finishReason: 'stop' }) });
  try {
    await use(fake);
  } finally {
    await fake.close();
  }
}

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** The `data:` payloads of an SSE body, `[DONE]` kept as the string. */
async function events(response: Response): Promise<unknown[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => (block === 'data: [DONE]' ? '[DONE]' : JSON.parse(block.slice(6))));
}

describe('fake OpenAI server', () => {
  it('answers completions whole, with legacy logprobs when asked', async () => {
    await withServer(async (fake) => {
      const body = await (await post(`${fake.url}/completions`, { model: 'm', prompt: 'x', logprobs: 1 })).json();
      expect(body).toMatchObject({
        model: 'm',
        choices: [{ text: 'a b c', finish_reason: 'stop', logprobs: { tokens: ['a', ' b', ' c'], text_offset: [0, 1, 3] } }],
        usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 },
      });
    });
  });

  it('streams chat chunks, the usage chunk only when include_usage asks, then [DONE]', async () => {
    await withServer(async (fake) => {
      const withUsage = await events(await post(`${fake.url}/chat/completions`, { stream: true, stream_options: { include_usage: true }, logprobs: true }));
      expect(withUsage.at(-1)).toBe('[DONE]');
      expect(withUsage.at(-2)).toMatchObject({ choices: [], usage: { completion_tokens: 3 } });
      const deltas = withUsage.slice(0, -2).map((e: any) => e.choices[0].delta.content);
      expect(deltas).toEqual(['', 'a', ' b', ' c']);
      expect((withUsage[3] as any).choices[0]).toMatchObject({ finish_reason: 'stop', logprobs: { content: [{ token: ' c', bytes: [32, 99] }] } });
      const without = await events(await post(`${fake.url}/chat/completions`, { stream: true }));
      expect(without.some((e: any) => e !== '[DONE]' && e.usage !== undefined)).toBe(false);
    });
  });

  it('answers Ollama’s /api/generate as NDJSON lines ending in done', async () => {
    await withServer(async (fake) => {
      const response = await post(`${fake.root}/api/generate`, { model: 'm', prompt: 'x', raw: true, stream: true });
      expect(response.headers.get('content-type')).toBe('application/x-ndjson');
      const lines = (await response.text()).trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => l.response)).toEqual(['a', ' b', ' c', '']);
      expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 10, eval_count: 3 });
    });
  });

  it('lists models, counts tokens, and refuses unknown routes', async () => {
    await withServer(async (fake) => {
      expect(await (await fetch(`${fake.url}/models`)).json()).toMatchObject({ data: [{ id: 'm' }] });
      expect(await (await fetch(`${fake.root}/api/tags`)).json()).toEqual({ models: [{ name: 'm', model: 'm', size: 1 }] });
      expect(await (await post(`${fake.root}/tokenize`, { content: 'one two three' })).json()).toEqual({ tokens: [100, 101, 102], count: 3 });
      expect((await fetch(`${fake.root}/nowhere`)).status).toBe(404);
      expect(fake.requests.map((r) => r.route)).toEqual(['models', 'tags', 'tokenize', 'unknown']);
    });
  });

  it('records bodies, numbers generation requests, and takes a new script between phases', async () => {
    const fake = await startFakeOpenAi({ model: 'm', answer: (_request, n) => answer(`first ${n}`) });
    try {
      const read = async () => ((await (await post(`${fake.url}/completions`, { prompt: 'p' })).json()) as any).choices[0].text;
      expect([await read(), await read()]).toEqual(['first 1', 'first 2']);
      fake.setAnswer((_request, n) => (n === 3 ? fault.status(503) : answer(`second ${n}`)));
      expect((await post(`${fake.url}/completions`, { prompt: 'p' })).status).toBe(503);
      expect(await read()).toBe('second 4');
      expect(fake.received('completions').map((r) => r.body)).toEqual([{ prompt: 'p' }, { prompt: 'p' }, { prompt: 'p' }, { prompt: 'p' }]);
    } finally {
      await fake.close();
    }
  });

  it('dies and comes back on the same port', async () => {
    await withServer(async (fake) => {
      await fake.kill();
      await expect(fetch(`${fake.url}/models`)).rejects.toThrow();
      await fake.restart();
      expect((await fetch(`${fake.url}/models`)).status).toBe(200);
      expect(new URL(fake.url).port).toBe(String(fake.port));
    });
  });

  it('sends Retry-After with a 429', async () => {
    await withServer(async (fake) => {
      fake.setAnswer(() => fault.rateLimited('3'));
      const response = await post(`${fake.url}/completions`, {});
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('3');
      expect(await response.json()).toEqual({ error: { message: 'rate limit reached', type: 'fake_error', code: 429 } });
    });
  });
});
