// Streamed answers: OpenAI-shaped SSE chunks paced by decoding, that rebuild the non-streamed answer.
import { describe, expect, it } from 'vitest';
import { gsm8kItems, postJson, promptFor, readEvents, testProfile, withSimulator } from './helpers.js';

const prompt = promptFor(gsm8kItems[1]!);
const paced = testProfile({ decodeMsPerToken: 4 });
/** 40 tokens over 600 ms: a timer tick would have to take 150 ms for them to come in three chunks or fewer. */
const slowlyPaced = testProfile({ decodeMsPerToken: 15 });

async function stream(url: string, body: Record<string, unknown>): Promise<any[]> {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ stream: true, ...body }) });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  expect(response.headers.get('x-gkt-simulated')).toBe('1');
  return readEvents(response);
}

describe('streaming completions', () => {
  it('sends text deltas as tokens decode, then usage, then [DONE]', async () => {
    await withSimulator(slowlyPaced, async (sim) => {
      const body = { prompt, max_tokens: 40, temperature: 0, logprobs: 1 };
      const events = await stream(`${sim.url}/completions`, { ...body, stream_options: { include_usage: true } });
      expect(events.at(-1)).toBe('[DONE]');
      const usage = events.at(-2);
      expect(usage).toMatchObject({ object: 'text_completion', choices: [], usage: { completion_tokens: 40, total_tokens: usage.usage.prompt_tokens + 40 } });
      const chunks = events.slice(0, -2);
      // Sent as they decode, not all at once: even on a busy machine, several timer ticks pass.
      expect(chunks.length).toBeGreaterThan(3);
      for (const chunk of chunks.slice(0, -1)) expect(chunk.choices[0].finish_reason).toBeNull();
      expect(chunks.at(-1).choices[0].finish_reason).toBe('length');
      for (const chunk of chunks) expect(chunk).toMatchObject({ id: chunks[0].id, object: 'text_completion', model: 'sim-test', system_fingerprint: 'gkt-simulated' });

      const whole = (await postJson(`${sim.url}/completions`, body)).json.choices[0];
      expect(chunks.map((c) => c.choices[0].text).join('')).toBe(whole.text);
      expect(chunks.flatMap((c) => c.choices[0].logprobs.tokens)).toEqual(whole.logprobs.tokens);
      expect(chunks.flatMap((c) => c.choices[0].logprobs.text_offset)).toEqual(whole.logprobs.text_offset);
    });
  });

  it('leaves out the usage chunk unless asked, and stops where the plain answer stops', async () => {
    await withSimulator(paced, async (sim) => {
      const body = { prompt, max_tokens: 120, stop: ['\nQ:'] };
      const events = await stream(`${sim.url}/completions`, body);
      expect(events.at(-1)).toBe('[DONE]');
      const chunks = events.slice(0, -1);
      expect(chunks.every((c) => c.choices.length === 1)).toBe(true);
      expect(chunks.at(-1).choices[0].finish_reason).toBe('stop');
      const whole = (await postJson(`${sim.url}/completions`, body)).json.choices[0].text;
      expect(chunks.map((c) => c.choices[0].text).join('')).toBe(whole);
    });
  });

  it('sends everything in one chunk when decoding takes no time', async () => {
    await withSimulator(testProfile(), async (sim) => {
      const events = await stream(`${sim.url}/completions`, { prompt, max_tokens: 30 });
      expect(events).toHaveLength(2);
      expect(events[0].choices[0].finish_reason).toBe('length');
    });
  });
});

describe('streaming chat', () => {
  it('sends the role first, content deltas, logprobs per chunk, usage and [DONE]', async () => {
    await withSimulator(paced, async (sim) => {
      const body = { messages: [{ role: 'user', content: prompt }], max_tokens: 30, temperature: 0, logprobs: true };
      const events = await stream(`${sim.url}/chat/completions`, { ...body, stream_options: { include_usage: true } });
      expect(events.at(-1)).toBe('[DONE]');
      expect(events.at(-2)).toMatchObject({ object: 'chat.completion.chunk', choices: [], usage: { completion_tokens: 30 } });
      const chunks = events.slice(0, -2);
      expect(chunks[0].choices[0].delta.role).toBe('assistant');
      expect(chunks.slice(1).every((c) => c.choices[0].delta.role === undefined)).toBe(true);
      expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
      const whole = (await postJson(`${sim.url}/chat/completions`, body)).json.choices[0];
      expect(chunks.map((c) => c.choices[0].delta.content).join('')).toBe(whole.message.content);
      expect(chunks.flatMap((c) => c.choices[0].logprobs.content)).toEqual(whole.logprobs.content);
      expect(chunks.at(-1).choices[0].finish_reason).toBe('length');
    });
  });
});
