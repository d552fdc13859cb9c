// The prompt that leaves the assistant's turn open: at its start (a reply), or after text it already holds (a continuation).
import type { Prefill } from '../vocabulary.js';
import { pythonLstrip, pythonStrip } from '../util/python-strip.js';
import { GktError } from '../util/errors.js';
import { renderChat, type ChatMessage, type RenderOptions } from './render.js';
import type { ChatTemplate } from './template.js';

export type TurnOptions = Omit<RenderOptions, 'addGenerationPrompt'>;

/** The conversation up to the point where the assistant's reply begins. */
export function replyPrompt(template: ChatTemplate, messages: readonly ChatMessage[], options: TurnOptions): string {
  return renderChat(template, messages, { ...options, addGenerationPrompt: true });
}

/**
 * The prompt in which the assistant's turn already holds `partial` and goes on from there: no end of
 * turn, no new turn. An empty `partial` is the reply prompt itself.
 */
export function continuationPrompt(
  template: ChatTemplate,
  messages: readonly ChatMessage[],
  partial: string,
  prefill: Prefill,
  options: TurnOptions,
): string {
  if (partial === '') return replyPrompt(template, messages, options);
  if (prefill === 'append') return replyPrompt(template, messages, options) + partial;
  const rendered = renderChat(template, [...messages, { role: 'assistant', content: partial }], { ...options, addGenerationPrompt: false });
  return cutAfterFinalMessage(rendered, partial, template.origin);
}

/**
 * Hugging Face's cut: the last place the stripped message occurs, kept up to the message's end, with its
 * trailing white space only if the template kept it too.
 */
export function cutAfterFinalMessage(rendered: string, message: string, origin: string): string {
  const stripped = pythonStrip(message);
  const at = rendered.lastIndexOf(stripped);
  if (at === -1) {
    throw new GktError(`${origin}: the chat template drops part of the assistant's text it is given, so that text cannot be continued`, {
      hint: 'set the model\'s "chat.prefill" to "append" (the assistant turn reopened at the generation prompt, then the text)',
    });
  }
  const lstripped = pythonLstrip(message);
  const end = rendered.slice(at, at + lstripped.length) === message ? at + lstripped.length : at + stripped.length;
  return rendered.slice(0, end);
}

/** The template's own BOS text at the start of a prompt, removed for a server that adds its BOS token itself. */
export function withoutLeadingBos(prompt: string, bosToken: string | null): string {
  return bosToken !== null && bosToken !== '' && prompt.startsWith(bosToken) ? prompt.slice(bosToken.length) : prompt;
}
