// The simulator's chat template at work: a chat request rendered as its server kind would, and a rendered prompt read back into turns.
import { continuationPrompt, replyPrompt } from '../chat/open-turn.js';
import type { ChatMessage } from '../chat/render.js';
import { ApiError, badRequest } from './api-error.js';
import { SIM_BOS, TURN_END, TURN_START, simulatorTemplate } from './chat-template.js';
import type { ChatProfile } from './profile.js';

export interface ChatRequestShape {
  messages: ChatMessage[];
  /** vLLM's flags; absent fields take vLLM's defaults (a generation prompt, no continuation). */
  continueFinal: boolean | null;
  addGenerationPrompt: boolean | null;
}

const OPTIONS = { variables: {}, date: '2024-07-26' };

/**
 * The prompt the simulated server's chat route makes of a conversation, by its profile's prefill:
 * `flag` continues a final assistant message only when asked, as vLLM (asking for both is refused, as
 * vLLM refuses it); `always` continues it unasked, as llama.cpp; `never` closes it and opens a new turn, as
 * OpenAI. The template's BOS is left out, as a server's tokenizer adds its own.
 */
export function renderChatRequest(chat: ChatProfile, request: ChatRequestShape): string {
  const template = simulatorTemplate(chat.thinking === 'opened', 'simulator');
  const last = request.messages.at(-1);
  const finalAssistant = last?.role === 'assistant';
  let prompt: string;
  if (chat.prefill === 'flag' && request.continueFinal === true) {
    if (request.addGenerationPrompt === true) throw badRequest('continue_final_message', 'continue_final_message and add_generation_prompt cannot both be true');
    if (!finalAssistant) throw badRequest('continue_final_message', 'continue_final_message needs the last message to be from the assistant');
    prompt = continuationPrompt(template, request.messages.slice(0, -1), last.content, 'continue', OPTIONS);
  } else if (chat.prefill === 'always' && finalAssistant) {
    prompt = continuationPrompt(template, request.messages.slice(0, -1), last.content, 'append', OPTIONS);
  } else {
    prompt = replyPrompt(template, request.messages, OPTIONS);
    if (request.addGenerationPrompt === false) prompt = prompt.slice(0, prompt.lastIndexOf(TURN_START));
  }
  return prompt.startsWith(SIM_BOS) ? prompt.slice(SIM_BOS.length) : prompt;
}

export interface ChatReading {
  /** The user's and assistant's turns, in order (the system turn left out). */
  turns: ChatMessage[];
  /** What the open assistant turn holds so far; null when the prompt ends outside one (no reply was asked). */
  open: string | null;
}

/** Whether a completions prompt is the simulator's chat template, rendered (by gkt or by its chat route). */
export function isChatPrompt(prompt: string): boolean {
  return prompt.includes(TURN_START);
}

/** Turns of the simulator's template read back: `<|turn|>role\n…<|end|>\n`, the last one possibly open. */
export function readChatPrompt(prompt: string): ChatReading {
  const turns: ChatMessage[] = [];
  let open: string | null = null;
  const parts = prompt.split(TURN_START).slice(1);
  parts.forEach((part, i) => {
    const newline = part.indexOf('\n');
    const role = part.slice(0, newline);
    if (role !== 'system' && role !== 'user' && role !== 'assistant') throw new ApiError(400, `the prompt holds a turn of unknown role "${role}"`);
    const body = part.slice(newline + 1);
    const closed = body.endsWith(TURN_END);
    if (!closed && i === parts.length - 1 && role === 'assistant') open = body;
    else if (role !== 'system') turns.push({ role, content: closed ? body.slice(0, -TURN_END.length) : body });
  });
  return { turns, open };
}
