// The simulator speaking chat: its template at /props, each server kind's prefill, thinking segments, answer formats, a turn that ends.
import { describe, expect, it } from 'vitest';
import { continuationPrompt, replyPrompt } from '../../src/chat/open-turn.js';
import { templateFromProps } from '../../src/chat/template.js';
import { extractAll } from '../../src/extract/index.js';
import { gsm8kItems, postJson, testProfile, withSimulator } from './helpers.js';

const item = gsm8kItems[0]!;
const user = { role: 'user', content: `Q: ${item.question}\nA:` };
const root = (url: string) => url.replace(/\/v1$/, '');
const profile = (chat: Record<string, unknown>, accuracy = 1) => testProfile({ accuracy, chat: { prefill: 'flag', ...chat } });

describe('GET /props and POST /apply-template', () => {
  it('report the template its chat route renders with, which gkt renders to the same prompt', async () => {
    await withSimulator(profile({ prefill: 'always', thinking: 'opened' }), async (sim) => {
      const props = await (await fetch(`${root(sim.url)}/props`)).json();
      const template = templateFromProps(props, 'props');
      expect(template.source).toContain("'<|turn|>assistant\\n'");
      expect(props).toMatchObject({ bos_token: '<|sim_bos|>', eos_token: '<|sim_eos|>' });
      const messages = [user, { role: 'assistant', content: 'Let us' }] as const;
      const applied = await postJson(`${root(sim.url)}/apply-template`, { messages });
      const ours = continuationPrompt(template, [user as never], 'Let us', 'append', { variables: {}, date: '2024-07-26' });
      // The server's tokenizer adds its BOS: its rendering leaves the template's out.
      expect(applied.json.prompt).toBe(ours.slice('<|sim_bos|>'.length));
      expect(applied.json.prompt.endsWith('<|turn|>assistant\n<think>\nLet us')).toBe(true);
      expect(replyPrompt(template, [user as never], { variables: {}, date: '2024-07-26' }).endsWith('<think>\n')).toBe(true);
    });
  });
});

describe('a final assistant message, by server kind', () => {
  const messages = [user, { role: 'assistant', content: 'Let us solve this step by step.' }];
  const reply = async (chat: Record<string, unknown>, flags: Record<string, unknown>) =>
    withSimulator(profile(chat), async (sim) => postJson(`${sim.url}/chat/completions`, { model: 'sim-test', max_tokens: 200, temperature: 0, messages, ...flags }));

  it('vLLM (flag): continued when continue_final_message is sent, a new turn otherwise, both flags refused', async () => {
    const continued = await reply({ prefill: 'flag' }, { continue_final_message: true, add_generation_prompt: false });
    expect(continued.json.choices[0].message.content.startsWith(' Following each step')).toBe(true);
    const fresh = await reply({ prefill: 'flag' }, {});
    expect(fresh.json.choices[0].message.content.startsWith('Let us solve this step by step.')).toBe(true);
    const both = await reply({ prefill: 'flag' }, { continue_final_message: true, add_generation_prompt: true });
    expect(both.status).toBe(400);
    expect(both.json.error.message).toMatch(/cannot both be true/);
  });

  it('llama.cpp (always): continued unasked; OpenAI (never): a new turn even when asked', async () => {
    expect((await reply({ prefill: 'always' }, {})).json.choices[0].message.content.startsWith(' Following each step')).toBe(true);
    const never = await reply({ prefill: 'never' }, { continue_final_message: true, add_generation_prompt: false });
    expect(never.json.choices[0].message.content.startsWith('Let us solve this step by step.')).toBe(true);
  });
});

describe('a chat model\'s turn', () => {
  const ask = (sim: { url: string }, extra: Record<string, unknown> = {}) =>
    postJson(`${sim.url}/chat/completions`, { model: 'sim-test', max_tokens: 300, temperature: 0, messages: [user], ...extra });

  it('ends after the answer (finish_reason stop, the end-of-turn token counted), and is cut at max_tokens like any', async () => {
    await withSimulator(profile({}), async (sim) => {
      const { json } = await ask(sim);
      expect(json.choices[0].finish_reason).toBe('stop');
      expect(json.choices[0].message.content.endsWith(`The answer is ${item.gold}.`)).toBe(true);
      expect(json.choices[0].message.content).not.toContain('\nQ:');
      const short = await ask(sim, { max_tokens: 5 });
      expect(short.json.choices[0].finish_reason).toBe('length');
      expect(short.json.usage.completion_tokens).toBe(5);
    });
  });

  it('writes its thinking first, then a short answer; with the prompt having opened the segment, without the open marker', async () => {
    await withSimulator(profile({ thinking: 'inline' }), async (sim) => {
      const content: string = (await ask(sim)).json.choices[0].message.content;
      expect(content.startsWith('<think>\nLet us solve')).toBe(true);
      const [thinking, answer] = content.slice('<think>\n'.length).split('\n</think>\n\n');
      expect(thinking).toContain(`The answer is ${item.gold}.`);
      expect(answer).toMatch(/^In brief, /);
    });
    await withSimulator(profile({ thinking: 'opened' }), async (sim) => {
      const content: string = (await ask(sim)).json.choices[0].message.content;
      expect(content.startsWith('Let us solve')).toBe(true);
      expect(content).toContain('\n</think>\n\n');
    });
  });

  it('answers after thinking that gkt closed at a budget, by what the thinking says', async () => {
    await withSimulator(profile({ thinking: 'inline' }, 0), async (sim) => {
      const messages = [user, { role: 'assistant', content: '<think>\nLet us solve this step by step. Following each step in order\n</think>\n\n' }];
      const { json } = await postJson(`${sim.url}/chat/completions`, { model: 'sim-test', max_tokens: 200, temperature: 0, messages, continue_final_message: true, add_generation_prompt: false });
      expect(json.choices[0].message.content).toMatch(/^In brief, following the steps with .* gives \d+\. The answer is \d+\.$/);
      expect(json.choices[0].finish_reason).toBe('stop');
    });
  });

  it('follows guidance on the correct path into its own thinking', async () => {
    await withSimulator(testProfile({ accuracy: 0, helpHorizon: 5, chat: { thinking: 'inline' } }), async (sim) => {
      const guided = '<think>\nLet us solve this step by step. Following each step in order with';
      const messages = [user, { role: 'assistant', content: guided }];
      const { json } = await postJson(`${sim.url}/chat/completions`, { model: 'sim-test', max_tokens: 300, temperature: 0, messages, continue_final_message: true, add_generation_prompt: false });
      const answer = (json.choices[0].message.content as string).split('</think>')[1]!;
      expect(extractAll({ dataset: 'gsm8k', prompt: '', answer, shots: 0, fallbackSeed: 0 }).strict.answer).toBe(item.gold);
    });
  });

  it('ends its answers in today\'s formats at the rates its profile gives, read by the rules made for them', async () => {
    const answers = async (formats: Record<string, number>) =>
      withSimulator(profile({ formats }), async (sim) =>
        Promise.all(gsm8kItems.map(async (it, i) => {
          const { json } = await postJson(`${sim.url}/chat/completions`, { model: 'sim-test', max_tokens: 300, temperature: 1, seed: i, messages: [{ role: 'user', content: `Q: ${it.question}\nA:` }] });
          return { gold: it.gold, text: json.choices[0].message.content as string };
        })));
    for (const { gold, text } of await answers({ boxed: 1 })) {
      expect(text.endsWith(`So the final answer is $\\boxed{${gold}}$.`)).toBe(true);
      const read = extractAll({ dataset: 'gsm8k', prompt: '', answer: text, shots: 0, fallbackSeed: 0 });
      // No "The answer is" left for strict; boxed and flexible read the box.
      expect([read.boxed.answer, read.strict.answer, read.flexible.answer]).toEqual([gold, null, gold]);
    }
    for (const { gold, text } of await answers({ hash: 1 })) expect(text.endsWith(`\n#### ${gold}`)).toBe(true);
    for (const { gold, text } of await answers({ bold: 1 })) expect(text.endsWith(`\n\n**Answer: ${gold}**`)).toBe(true);
    const mixed = await answers({ boxed: 0.5 });
    const boxed = mixed.filter((a) => a.text.includes('\\boxed{')).length;
    expect(boxed).toBeGreaterThan(0);
    expect(boxed).toBeLessThan(mixed.length);
  });
});
