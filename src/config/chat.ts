// A model's `chat` block resolved: defaults filled in, the template's path made absolute, and the API it implies.
import { DEFAULT_MARKERS } from '../chat/thinking.js';
import { DEFAULT_TEMPLATE_DATE, type ChatFormat } from '../chat/spec.js';
import type { ApiKind } from '../models/types.js';
import type { ChatSpec } from './types.js';

/**
 * Appending after the generation prompt is the default for reasoning models: their templates rewrite past
 * assistant turns (dropping or re-wrapping the thinking), so a turn cut from one is not what they continue.
 */
export function resolveChat(spec: ChatSpec | undefined, abs: (path: string) => string): ChatFormat | null {
  if (spec === undefined) return null;
  const render = spec.render ?? 'gkt';
  const thinking = spec.thinking === undefined
    ? null
    : {
        open: spec.thinking.open ?? DEFAULT_MARKERS.open,
        close: spec.thinking.close ?? DEFAULT_MARKERS.close,
        guidance: spec.thinking.guidance ?? 'thinking',
        budget: spec.thinking.budget ?? null,
      };
  return {
    render,
    template: spec.template === undefined ? null : spec.template === 'server' ? 'server' : abs(spec.template),
    templateName: spec.templateName ?? null,
    system: spec.system ?? null,
    fewShot: spec.fewShot ?? 'one-message',
    prefill: spec.prefill ?? (thinking === null ? 'continue' : 'append'),
    bos: spec.bos ?? 'auto',
    variables: spec.variables ?? {},
    date: spec.date ?? DEFAULT_TEMPLATE_DATE,
    thinking,
  };
}

/** The server's template speaks through the chat API; gkt's rendered text through the completions API (Ollama: its raw one). */
export function chatApi(chat: ChatFormat | null, fallback: ApiKind): ApiKind {
  if (chat === null) return fallback;
  if (chat.render === 'server') return 'chat';
  return fallback === 'chat' ? 'completions' : fallback;
}
