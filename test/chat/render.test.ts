// Chat templates rendered to exact bytes: the reply prompt, the continued assistant turn, BOS, dates, and refusals.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChatTemplate } from '../../src/chat/load-template.js';
import { continuationPrompt, cutAfterFinalMessage, replyPrompt, withoutLeadingBos } from '../../src/chat/open-turn.js';
import { renderChat, strftimeOn, type ChatMessage } from '../../src/chat/render.js';
import { chatTemplate, templateFromProps } from '../../src/chat/template.js';
import { ROOT } from '../helpers/cli.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'chat');
const options = { variables: {}, date: '2024-07-26' };
const conversation: ChatMessage[] = [
  { role: 'system', content: 'Answer as the examples do.' },
  { role: 'user', content: 'Q: What is 2 + 3?\nA:' },
];
const guidance = 'Natalia sold 48/2 = 24 clips in May.';

/** A fixture template with the special tokens of its family (the folder's tokenizer_config.json names another model's). */
async function template(file: string) {
  const source = await readFile(join(FIXTURES, file), 'utf8');
  return chatTemplate(source, TOKENS[file] ?? { bosToken: null, eosToken: null }, join(FIXTURES, file));
}
const TOKENS: Record<string, { bosToken: string; eosToken: string }> = {
  'header-turns.jinja': { bosToken: '<|begin_of_text|>', eosToken: '<|end_of_text|>' },
  'inst.jinja': { bosToken: '<s>', eosToken: '</s>' },
  'start-of-turn.jinja': { bosToken: '<bos>', eosToken: '<eos>' },
  'think-open.jinja': { bosToken: '<｜begin▁of▁sentence｜>', eosToken: '<｜end▁of▁sentence｜>' },
};

describe('four families of templates, byte for byte', () => {
  it('header tokens (Llama 3 style): the reply prompt, and the guidance continued in the open assistant turn', async () => {
    const t = await template('header-turns.jinja');
    const head =
      '<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nToday Date: 26 Jul 2024\n\nAnswer as the examples do.<|eot_id|>' +
      '<|start_header_id|>user<|end_header_id|>\n\nQ: What is 2 + 3?\nA:<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n';
    expect(replyPrompt(t, conversation, options)).toBe(head);
    expect(continuationPrompt(t, conversation, guidance, 'continue', options)).toBe(head + guidance);
    expect(continuationPrompt(t, conversation, guidance, 'append', options)).toBe(head + guidance);
  });

  it('ChatML: a default system prompt when none is given; the turn stays open (no <|im_end|>)', async () => {
    const t = await template('chatml.jinja');
    const user = [{ role: 'user' as const, content: 'Q: What is 2 + 3?\nA:' }];
    const head = '<|im_start|>system\nYou are a careful assistant.<|im_end|>\n<|im_start|>user\nQ: What is 2 + 3?\nA:<|im_end|>\n<|im_start|>assistant\n';
    expect(replyPrompt(t, user, options)).toBe(head);
    expect(continuationPrompt(t, user, guidance, 'continue', options)).toBe(head + guidance);
  });

  it('[INST] (Mistral style): the assistant text follows [/INST] after the space the template writes, no EOS', async () => {
    const t = await template('inst.jinja');
    const user = [{ role: 'user' as const, content: 'Q: What is 2 + 3?\nA:' }];
    expect(replyPrompt(t, user, options)).toBe('<s>[INST] Q: What is 2 + 3?\nA: [/INST]');
    expect(continuationPrompt(t, user, guidance, 'continue', options)).toBe(`<s>[INST] Q: What is 2 + 3?\nA: [/INST] ${guidance}`);
    // Appended at the generation prompt instead, the space is not there: the two prefills differ here.
    expect(continuationPrompt(t, user, guidance, 'append', options)).toBe(`<s>[INST] Q: What is 2 + 3?\nA: [/INST]${guidance}`);
  });

  it('start of turn (Gemma style): the system prompt folded into the user turn, the model turn left open', async () => {
    const t = await template('start-of-turn.jinja');
    const head = '<bos><start_of_turn>user\nAnswer as the examples do.\n\nQ: What is 2 + 3?\nA:<end_of_turn>\n<start_of_turn>model\n';
    expect(replyPrompt(t, conversation, options)).toBe(head);
    expect(continuationPrompt(t, conversation, guidance, 'continue', options)).toBe(head + guidance);
  });

  it('keeps white space the template keeps and drops what it trims, as Hugging Face cuts', async () => {
    const chatml = await template('chatml.jinja');
    const user = [{ role: 'user' as const, content: 'hi' }];
    expect(continuationPrompt(chatml, user, 'So 5 ', 'continue', options).endsWith('assistant\nSo 5 ')).toBe(true);
    const header = await template('header-turns.jinja');
    expect(continuationPrompt(header, user, 'So 5 ', 'continue', options).endsWith('<|end_header_id|>\n\nSo 5')).toBe(true);
  });

  it('an empty assistant text is the reply prompt itself, not a closed turn', async () => {
    const t = await template('chatml.jinja');
    expect(continuationPrompt(t, conversation, '', 'continue', options)).toBe(replyPrompt(t, conversation, options));
  });
});

describe('reasoning templates', () => {
  it('a template that drops thinking from past turns cannot continue it: says so and names the fix', async () => {
    const t = await template('think-open.jinja');
    const user = [{ role: 'user' as const, content: 'Q: 2 + 3?\nA:' }];
    expect(replyPrompt(t, user, options)).toBe('<｜begin▁of▁sentence｜><｜User｜>Q: 2 + 3?\nA:<｜Assistant｜><think>\n');
    expect(() => continuationPrompt(t, user, '<think>\nabc\n</think>\n\nSo 5.', 'continue', options)).toThrow(/drops part of the assistant's text/);
    expect(continuationPrompt(t, user, 'Okay, 2 and 3', 'append', options)).toBe('<｜begin▁of▁sentence｜><｜User｜>Q: 2 + 3?\nA:<｜Assistant｜><think>\nOkay, 2 and 3');
  });

  it('template variables reach the template (enable_thinking)', async () => {
    const t = await template('chatml-thinking.jinja');
    const user = [{ role: 'user' as const, content: 'hi' }];
    expect(replyPrompt(t, user, { ...options, variables: { enable_thinking: false } })).toBe('<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n');
    expect(replyPrompt(t, user, options)).toBe('<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n');
  });
});

describe('special tokens, dates and errors', () => {
  it('removes the template\'s own BOS for a server that adds one, and nothing else', () => {
    expect(withoutLeadingBos('<s>[INST] x', '<s>')).toBe('[INST] x');
    expect(withoutLeadingBos('[INST] <s>', '<s>')).toBe('[INST] <s>');
    expect(withoutLeadingBos('<s>x', null)).toBe('<s>x');
  });

  it('formats the fixed date in English', () => {
    expect(strftimeOn('2024-07-26', '%d %b %Y')).toBe('26 Jul 2024');
    expect(strftimeOn('2025-01-05', '%B %d, %Y %H:%M %%')).toBe('January 05, 2025 00:00 %');
  });

  it('names the template when it refuses a conversation or does not parse', async () => {
    const t = await template('inst.jinja');
    expect(() => renderChat(t, conversation, { ...options, addGenerationPrompt: true })).toThrow(/inst\.jinja: the chat template refused the conversation: only user and assistant turns/);
    const broken = chatTemplate('{% for %}', { bosToken: null, eosToken: null }, 'broken.jinja');
    expect(() => renderChat(broken, conversation, { ...options, addGenerationPrompt: true })).toThrow(/broken\.jinja: the chat template does not parse/);
  });

  it('cuts after the last place the message stands, as Hugging Face does', () => {
    expect(cutAfterFinalMessage('a X b X c', 'X', 'o')).toBe('a X b X');
    expect(() => cutAfterFinalMessage('abc', 'zzz', 'o.jinja')).toThrow(/o\.jinja/);
  });
});

describe('where templates come from', () => {
  it('a tokenizer_config.json: its named templates and its tokens, AddedToken objects included', async () => {
    const t = await loadChatTemplate(join(FIXTURES, 'tokenizer_config.json'));
    expect(t).toMatchObject({ bosToken: '<s>', eosToken: '</s>' });
    expect(t.source).toContain('<|im_start|>');
    expect((await loadChatTemplate(join(FIXTURES, 'tokenizer_config.json'), 'tool_use')).source).toBe("{{ 'tools' }}");
    await expect(loadChatTemplate(join(FIXTURES, 'tokenizer_config.json'), 'rag')).rejects.toThrow(/no template named "rag" \(it has: default, tool_use\)/);
  });

  it('a .jinja file takes its tokens from the tokenizer_config.json beside it; its sha256 is of the source', async () => {
    const t = await loadChatTemplate(join(FIXTURES, 'inst.jinja'));
    expect(t).toMatchObject({ bosToken: '<s>', eosToken: '</s>', origin: join(FIXTURES, 'inst.jinja') });
    expect(t.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a missing path, and a server without a template, are refused with one line', async () => {
    await expect(loadChatTemplate(join(FIXTURES, 'nope.jinja'))).rejects.toThrow(/nope\.jinja: no such chat template file or model folder/);
    expect(() => templateFromProps({ bos_token: '<s>' }, 'http://127.0.0.1:1/props')).toThrow(/reports no chat template/);
    expect(templateFromProps({ chat_template: 'x', bos_token: '<s>', eos_token: '</s>' }, 'u')).toMatchObject({ source: 'x', bosToken: '<s>' });
  });
});
