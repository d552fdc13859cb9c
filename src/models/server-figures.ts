// What a server says outside its answers: speculative-decoding counters at /metrics, token ids at /tokenize.
import { serverRoot } from './http-post.js';
import { SERVER_KIND_INFO } from './server-kinds.js';
import type { ServerKind } from './types.js';

export interface ServerAsk {
  apiKey: string | null;
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

async function ask(url: string, init: RequestInit, options: ServerAsk): Promise<Response | null> {
  try {
    const response = await fetch(url, {
      ...init,
      headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(Math.min(options.timeoutMs, 30_000))]),
    });
    return response.ok ? response : null;
  } catch {
    return null;
  }
}

/** GET /metrics: the spec-decode counters now, or null when the server gives none. */
export async function readSpecCounters(url: string, options: ServerAsk): Promise<SpecCounters | null> {
  const response = await ask(`${serverRoot(url)}/metrics`, { method: 'GET' }, options);
  if (response === null) return null;
  return parseSpecCounters(await response.text().catch(() => ''));
}

/**
 * POST /tokenize: the ids of `text` without special tokens, as the server's kind asks (vLLM, SGLang and the
 * simulator read `prompt`, llama.cpp `content`); null when the server has no such route or answers oddly.
 */
export async function tokenIds(kind: ServerKind, model: string, url: string, text: string, options: ServerAsk): Promise<number[] | null> {
  const style = SERVER_KIND_INFO[kind].tokenize;
  if (style === null) return null;
  const body = style === 'llamacpp' ? { content: text, add_special: false } : { model, prompt: text, add_special_tokens: false };
  const response = await ask(`${serverRoot(url)}/tokenize`, { method: 'POST', body: JSON.stringify(body) }, options);
  if (response === null) return null;
  const json = (await response.json().catch(() => null)) as { tokens?: unknown } | null;
  const tokens = json?.tokens;
  if (!Array.isArray(tokens)) return null;
  // llama.cpp with pieces answers {id, piece} objects; plain, numbers.
  const ids = tokens.map((t: unknown) => (typeof t === 'number' ? t : (t as { id?: unknown } | null)?.id));
  return ids.every((id): id is number => Number.isInteger(id)) ? ids : null;
}
