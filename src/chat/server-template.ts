// What a llama.cpp server says of its chat template: the template itself (/props), and whether it continues a final assistant message.
import { serverRoot } from '../models/http-post.js';
import { timerMs } from '../models/deadline.js';
import { GktError } from '../util/errors.js';
import { templateFromProps, type ChatTemplate } from './template.js';

export interface ServerAsk {
  apiKey: string | null;
  timeoutMs: number;
  signal: AbortSignal;
}

async function ask(target: string, init: RequestInit, options: ServerAsk): Promise<{ status: number; body: unknown }> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(target, {
      ...init,
      headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(timerMs(options.timeoutMs))]),
    });
    text = await response.text();
  } catch (error) {
    throw new GktError(`${init.method ?? 'GET'} ${target}: ${errorCode(error) ?? (error as Error).message}`, {
      cause: error,
      hint: 'start the server before the run, or point chat.template at the model\'s template file',
    });
  }
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: the status says what happened.
  }
  return { status: response.status, body };
}

/**
 * fetch says "fetch failed"; why is in its cause: a socket's code (ECONNREFUSED), in an AggregateError's
 * causes for a host with several addresses, or only a message ("bad port").
 */
function errorCode(error: unknown): string | null {
  let current: unknown = (error as { cause?: unknown } | null)?.cause;
  let words: string | null = null;
  for (let depth = 0; current !== null && typeof current === 'object' && depth < 4; depth++) {
    const { code, errors, cause, message } = current as { code?: unknown; errors?: unknown; cause?: unknown; message?: unknown };
    if (typeof code === 'string') return code;
    if (typeof message === 'string' && message !== '') words ??= message;
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return words;
}

/** `GET /props`: the template of the model's GGUF (`tokenizer.chat_template`) and its BOS and EOS tokens. */
export async function readServerTemplate(url: string, options: ServerAsk): Promise<ChatTemplate> {
  const target = `${serverRoot(url)}/props`;
  const { status, body } = await ask(target, { method: 'GET' }, options);
  if (status !== 200) throw new GktError(`GET ${target}: HTTP ${status}: the server reports no chat template there (llama.cpp's /props)`);
  return templateFromProps(body, target);
}

const PROBE = 'gkt checks that this turn stays open';

/**
 * Whether the server's chat API continues a conversation's final assistant message rather than closing it and
 * opening a new turn: llama.cpp has done so since mid-2025 (and `--no-prefill-assistant` turns it off). Asked of
 * its `/apply-template`, which renders a conversation as its chat route would, without generating.
 */
export async function continuesFinalMessage(url: string, options: ServerAsk): Promise<boolean> {
  const target = `${serverRoot(url)}/apply-template`;
  const messages = [{ role: 'user', content: 'Q: 1 + 1?\nA:' }, { role: 'assistant', content: PROBE }];
  const { status, body } = await ask(target, { method: 'POST', body: JSON.stringify({ messages, continue_final_message: true, add_generation_prompt: false }) }, options);
  const prompt = (body as { prompt?: unknown } | null)?.prompt;
  if (status !== 200 || typeof prompt !== 'string') {
    throw new GktError(`POST ${target}: HTTP ${status}: cannot tell whether the server continues an assistant message (an older llama.cpp?)`);
  }
  return prompt.trimEnd().endsWith(PROBE);
}
