// What a llama.cpp server says of its chat template: the template itself (/props), and whether it continues a final assistant message.
import { performance } from 'node:perf_hooks';
import { readText } from '../models/body-reading.js';
import { parseAddress, send, serverRoot } from '../models/transport.js';
import { unansweredReason } from '../models/transport-errors.js';
import { GktError } from '../util/errors.js';
import { templateFromProps, type ChatTemplate } from './template.js';

export interface ServerAsk {
  /** The Authorization header the server wants (models/endpoint-auth.ts), or null. */
  authorization: string | null;
  timeoutMs: number;
  signal: AbortSignal;
}

/** One request through the model transport; the body read whole and parsed when it is JSON. */
async function ask(method: 'GET' | 'POST', target: string, body: unknown, options: ServerAsk): Promise<{ status: number; body: unknown }> {
  const limits = { signal: options.signal, deadline: performance.now() + options.timeoutMs };
  const headers: Record<string, string> = options.authorization === null ? {} : { authorization: options.authorization };
  let status: number;
  let text: string;
  try {
    const reply = await send(parseAddress(target), { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }, limits);
    status = reply.status;
    text = await readText(reply.body, limits.deadline);
  } catch (error) {
    throw new GktError(`${method} ${target}: ${unansweredReason(error, options.timeoutMs)}`, {
      cause: error,
      hint: 'start the server before the run, or point chat.template at the model\'s template file',
    });
  }
  try {
    return { status, body: JSON.parse(text) as unknown };
  } catch {
    // Not JSON: the status says what happened.
    return { status, body: null };
  }
}

/** `GET /props`: the template of the model's GGUF (`tokenizer.chat_template`) and its BOS and EOS tokens. */
export async function readServerTemplate(url: string, options: ServerAsk): Promise<ChatTemplate> {
  const target = `${serverRoot(url)}/props`;
  const { status, body } = await ask('GET', target, undefined, options);
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
  const { status, body } = await ask('POST', target, { messages, continue_final_message: true, add_generation_prompt: false }, options);
  const prompt = (body as { prompt?: unknown } | null)?.prompt;
  if (status !== 200 || typeof prompt !== 'string') {
    throw new GktError(`POST ${target}: HTTP ${status}: cannot tell whether the server continues an assistant message (an older llama.cpp?)`);
  }
  return prompt.trimEnd().endsWith(PROBE);
}
