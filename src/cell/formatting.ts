// Formatting a prompt for a model: raw text for a base model; for a chat model, its conversation with the assistant's turn open.
import { buildConversation } from '../chat/conversation.js';
import { continuationPrompt, replyPrompt, withoutLeadingBos } from '../chat/open-turn.js';
import type { ChatMessage } from '../chat/render.js';
import type { ChatFormat, ServerKind } from '../vocabulary.js';
import type { ChatTemplate } from '../chat/template.js';
import { startsInside } from '../chat/thinking.js';
import type { GenerateRequest } from '../models/types.js';
import type { PromptTemplate } from '../prompts/index.js';
import { canonicalJson } from '../util/hash.js';

/** How one model is spoken to. `chat` null is raw text, the paper's setup. */
export interface ModelFormatting {
  kind: ServerKind;
  chat: ChatFormat | null;
  /** The template gkt renders (render `gkt`); null when the server renders its own. */
  template: ChatTemplate | null;
}

/** A chat model's formatting: the same, known to be chat. */
export type ChatFormatting = ModelFormatting & { chat: ChatFormat };

export const isChat = (f: ModelFormatting): f is ChatFormatting => f.chat !== null;

/** What a request to a chat model carries, and whether its reply starts inside a thinking segment its prompt opened. */
export interface TurnInput extends Pick<GenerateRequest, 'prompt' | 'chat' | 'addSpecialTokens'> {
  inside: boolean;
}

/** The conversation of one question for a chat model, the projection's instruction opening it. */
export function conversationFor(f: ChatFormatting, template: PromptTemplate, question: string, instruction: string): ChatMessage[] {
  return buildConversation(template, question, instruction, { layout: f.chat.fewShot, system: f.chat.system });
}

/**
 * Whether the model's reply starts inside its thinking: its template's generation prompt opens the segment.
 * A server's own template is not seen; its replies are read as they come (see splitReply).
 */
export function opensThinking(f: ChatFormatting, messages: readonly ChatMessage[]): boolean {
  if (f.chat.thinking === null || f.template === null) return false;
  return startsInside(replyPrompt(f.template, messages, { variables: f.chat.variables, date: f.chat.date }), f.chat.thinking);
}

/**
 * The request input that has the model write its assistant turn on from `turn` (empty: the turn's start).
 * Rendered by gkt: the text for the completions API, its BOS left to a server that adds its own (vLLM is
 * told not to, and gets the template's). Rendered by the server: the messages, the turn as a final
 * assistant message to continue.
 */
export function turnInput(f: ChatFormatting, messages: readonly ChatMessage[], turn: string): TurnInput {
  const inside = opensThinking(f, messages);
  if (f.chat.render === 'server') {
    const sent = turn === '' ? [...messages] : [...messages, { role: 'assistant' as const, content: turn }];
    const chat = { messages: sent, continueFinal: turn !== '', variables: f.chat.variables };
    return { prompt: canonicalJson(chat), chat, inside };
  }
  const template = f.template!;
  const rendered = continuationPrompt(template, messages, turn, f.chat.prefill, { variables: f.chat.variables, date: f.chat.date });
  const strip = f.chat.bos === 'strip' || (f.chat.bos === 'auto' && f.kind !== 'vllm');
  // vLLM adds a BOS unless told not to; the template wrote its own (or none, as the model wants).
  const whole = f.kind === 'vllm' && !strip;
  return { prompt: strip ? withoutLeadingBos(rendered, template.bosToken) : rendered, ...(whole ? { addSpecialTokens: false as const } : {}), inside };
}
