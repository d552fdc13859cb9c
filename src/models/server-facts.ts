// What a server says about itself outside its answers: the context one request must fit, and how many requests it decodes at once.
import { performance } from 'node:perf_hooks';
import { readText } from './body-reading.js';
import { parseAddress, send, serverRoot } from './transport.js';
import type { ServerKind } from '../vocabulary.js';

/** A number a server stated, with where it was read, as shown to the user and kept in the manifest. */
export interface Stated {
  value: number;
  source: string;
}

export interface ServerFacts {
  /** Tokens a prompt and its output must fit in together, per request (llama.cpp: per slot). */
  context: Stated | null;
  /** Requests the server decodes at once (llama.cpp's slots, TGI's concurrent requests). */
  slots: Stated | null;
}

export interface FactsOptions {
  authorization: string | null;
  timeoutMs: number;
  signal: AbortSignal;
  /** `max_model_len` from the server's /v1/models, when the listing gave it. */
  listedContext?: number | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const positive = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);

/** GET a JSON route; null when the server has no such route, answers otherwise or not at all: facts are asked, never required. */
async function getJson(href: string, options: FactsOptions): Promise<unknown> {
  const limits = { signal: options.signal, deadline: performance.now() + options.timeoutMs };
  try {
    const reply = await send(parseAddress(href), { method: 'GET', headers: options.authorization ? { authorization: options.authorization } : {} }, limits);
    const text = await readText(reply.body, limits.deadline);
    if (reply.status < 200 || reply.status >= 300) return null;
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** The first of `names` that holds a positive whole number in `value`, with its name. */
function firstNumber(value: unknown, names: readonly string[]): { name: string; value: number } | null {
  if (!isObject(value)) return null;
  for (const name of names) {
    const n = positive(value[name]);
    if (n !== null) return { name, value: n };
  }
  return null;
}

/** llama.cpp: `/props` holds the per-slot context and the slot count; `/slots` (when enabled) lists each slot with its context. */
async function llamaCppFacts(root: string, options: FactsOptions): Promise<ServerFacts> {
  const props = await getJson(`${root}/props`, options);
  const settings = isObject(props) ? props.default_generation_settings : undefined;
  let context = positive(isObject(settings) ? settings.n_ctx : undefined);
  let slots = positive(isObject(props) ? props.total_slots : undefined);
  const facts: ServerFacts = {
    context: context === null ? null : { value: context, source: 'GET /props: n_ctx, per slot' },
    slots: slots === null ? null : { value: slots, source: 'GET /props: total_slots' },
  };
  if (facts.context !== null && facts.slots !== null) return facts;
  const list = await getJson(`${root}/slots`, options);
  if (Array.isArray(list) && list.length > 0) {
    slots = list.length;
    context = positive(isObject(list[0]) ? list[0].n_ctx : undefined);
    facts.slots ??= { value: slots, source: 'GET /slots: one entry per slot' };
    if (context !== null) facts.context ??= { value: context, source: 'GET /slots: n_ctx, per slot' };
  }
  return facts;
}

/** Reads what `kind`'s server states at the base URL `url`; each fact is null where it says nothing. */
export async function readServerFacts(kind: ServerKind, url: string, options: FactsOptions): Promise<ServerFacts> {
  const root = serverRoot(url);
  const listed = positive(options.listedContext);
  const fromListing: Stated | null = listed === null ? null : { value: listed, source: 'GET /v1/models: max_model_len' };
  switch (kind) {
    case 'llamacpp':
    case 'simulated': {
      // The simulator answers as llama.cpp does, and lists max_model_len as vLLM does.
      const facts = await llamaCppFacts(root, options);
      return { context: facts.context ?? fromListing, slots: facts.slots };
    }
    case 'vllm':
      return { context: fromListing, slots: null };
    case 'sglang': {
      if (fromListing !== null) return { context: fromListing, slots: null };
      const info = firstNumber(await getJson(`${root}/get_model_info`, options), ['context_length', 'max_context_length', 'max_model_len']);
      if (info !== null) return { context: { value: info.value, source: `GET /get_model_info: ${info.name}` }, slots: null };
      const server = firstNumber(await getJson(`${root}/get_server_info`, options), ['context_length']);
      return { context: server === null ? null : { value: server.value, source: `GET /get_server_info: ${server.name}` }, slots: null };
    }
    case 'tgi': {
      const info = await getJson(`${root}/info`, options);
      const context = firstNumber(info, ['max_total_tokens']);
      const slots = firstNumber(info, ['max_concurrent_requests']);
      return {
        context: context === null ? null : { value: context.value, source: `GET /info: ${context.name}` },
        slots: slots === null ? null : { value: slots.value, source: `GET /info: ${slots.name}` },
      };
    }
    default:
      return { context: fromListing, slots: null };
  }
}
