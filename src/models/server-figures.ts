// What a server says outside its answers: speculative-decoding counters at /metrics, token ids at /tokenize.
import { performance } from 'node:perf_hooks';
import { readText } from './body-reading.js';
import { SERVER_KIND_INFO } from './server-kinds.js';
import { parseAddress, send, serverRoot } from './transport.js';
import type { ServerKind } from '../vocabulary.js';

export interface ServerAsk {
  /** The Authorization header the server wants (endpoint-auth.ts), or null. */
  authorization: string | null;
  timeoutMs: number;
  signal: AbortSignal;
}

/** vLLM's spec-decode counters, summed over their label sets (one per engine). */
export interface SpecCounters {
  drafts: number;
  draftTokens: number;
  acceptedTokens: number;
}

const COUNTERS: Record<keyof SpecCounters, string> = {
  drafts: 'vllm:spec_decode_num_drafts_total',
  draftTokens: 'vllm:spec_decode_num_draft_tokens_total',
  acceptedTokens: 'vllm:spec_decode_num_accepted_tokens_total',
};

/**
 * Reads the counters from a Prometheus text exposition: `name{labels} value [timestamp]` lines, summed per
 * name. Null when it holds none of them (no speculative decoding, or metrics off).
 */
export function parseSpecCounters(text: string): SpecCounters | null {
  const sums: SpecCounters = { drafts: 0, draftTokens: 0, acceptedTokens: 0 };
  let seen = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{[^}]*\})?\s+(\S+)/.exec(line.trim());
    if (match === null) continue;
    const key = (Object.keys(COUNTERS) as Array<keyof SpecCounters>).find((k) => COUNTERS[k] === match[1]);
    const value = Number(match[2]);
    if (key === undefined || !Number.isFinite(value)) continue;
    sums[key] += value;
    seen = true;
  }
  return seen ? sums : null;
}

/**
 * One request through the model transport, its body read whole; null when the server has no such route,
 * answers an error status or does not answer in time: these figures are extras, never a reason to fail.
 */
async function ask(target: string, body: unknown, options: ServerAsk): Promise<string | null> {
  const limits = { signal: options.signal, deadline: performance.now() + Math.min(options.timeoutMs, 30_000) };
  const headers: Record<string, string> = options.authorization === null ? {} : { authorization: options.authorization };
  try {
    const sending = body === undefined ? { method: 'GET' as const, headers } : { method: 'POST' as const, headers, body: JSON.stringify(body) };
    const reply = await send(parseAddress(target), sending, limits);
    const text = await readText(reply.body, limits.deadline);
    return reply.status >= 200 && reply.status < 300 ? text : null;
  } catch {
    return null;
  }
}

/** GET /metrics: the spec-decode counters now, or null when the server gives none. */
export async function readSpecCounters(url: string, options: ServerAsk): Promise<SpecCounters | null> {
  const text = await ask(`${serverRoot(url)}/metrics`, undefined, options);
  return text === null ? null : parseSpecCounters(text);
}

/**
 * POST /tokenize: the ids of `text` without special tokens, as the server's kind asks (vLLM, SGLang and the
 * simulator read `prompt`, llama.cpp `content`); null when the server has no such route or answers oddly.
 */
export async function tokenIds(kind: ServerKind, model: string, url: string, text: string, options: ServerAsk): Promise<number[] | null> {
  const style = SERVER_KIND_INFO[kind].tokenize;
  if (style === null) return null;
  const body = style === 'llamacpp' ? { content: text, add_special: false } : { model, prompt: text, add_special_tokens: false };
  const answer = await ask(`${serverRoot(url)}/tokenize`, body, options);
  if (answer === null) return null;
  let tokens: unknown;
  try {
    tokens = (JSON.parse(answer) as { tokens?: unknown } | null)?.tokens;
  } catch {
    return null;
  }
  if (!Array.isArray(tokens)) return null;
  // llama.cpp with pieces answers {id, piece} objects; plain, numbers.
  const ids = tokens.map((t: unknown) => (typeof t === 'number' ? t : (t as { id?: unknown } | null)?.id));
  return ids.every((id): id is number => Number.isInteger(id)) ? ids : null;
}
