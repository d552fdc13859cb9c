// A model's `chat` block resolved: defaults filled in, the template's path made absolute, and the API it implies.
import { DEFAULT_MARKERS } from '../chat/thinking.js';
import { DEFAULT_TEMPLATE_DATE } from '../chat/spec.js';
import type { ApiKind, ChatFormat } from '../vocabulary.js';
import type { ChatSpec } from './types.js';

/**
 * Appending after the generation prompt is the default for reasoning models: their templates rewrite past
 * assistant turns (dropping or re-wrapping the thinking), so a turn cut from one is not what they continue.
 */
export function resolveChat(spec: ChatSpec | undefined, abs: (path: string) => string, serverHasTemplate = false): ChatFormat | null {
  if (spec === undefined) return null;
  const render = spec.render ?? 'gkt';
  // A GGUF holds its template, which llama.cpp reports: it is the one to render unless another is named.
  const template = spec.template ?? (render === 'gkt' && serverHasTemplate ? 'server' : undefined);
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
    template: template === undefined ? null : template === 'server' ? 'server' : abs(template),
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

/** llama.cpp reports its template at /props, and so does a simulator gkt starts; a server gkt launches from a command is not up in time. */
export function reportsTemplate(spec: { kind: string; launch?: unknown }): boolean {
  const launch = spec.launch as Record<string, unknown> | undefined;
  if (spec.kind === 'simulated') return launch === undefined || 'simulate' in launch;
  return spec.kind === 'llamacpp' && launch === undefined;
}

/** The server's template speaks through the chat API; gkt's rendered text through the completions API (Ollama: its raw one). */
export function chatApi(chat: ChatFormat | null, fallback: ApiKind): ApiKind {
  if (chat === null) return fallback;
  if (chat.render === 'server') return 'chat';
  return fallback === 'chat' ? 'completions' : fallback;
}
