// Catches a prompt the server cut to fit its context while answering 200 (llama.cpp does), by counting it itself.
import { performance } from 'node:perf_hooks';
import { readText } from './body-reading.js';
import { authorization } from './endpoint-auth.js';
import { RequestError } from './request-error.js';
import { SERVER_KIND_INFO } from './server-kinds.js';
import { parseAddress, send, serverRoot, type StaleListener } from './transport.js';
import type { ModelApi, ModelEndpoint } from './types.js';

/** Counts a prompt's tokens as the server does; null when the server cannot say. */
export type PromptCounter = (prompt: string, signal: AbortSignal) => Promise<number | null>;

/** vLLM, SGLang and the simulator take `{model, prompt}`; llama.cpp takes `{content, add_special}`. */
export function serverCounter(endpoint: ModelEndpoint, url: string, onStale?: StaleListener): PromptCounter | null {
  const style = SERVER_KIND_INFO[endpoint.kind].tokenize;
  if (style === null || endpoint.api !== 'completions') return null;
  const href = `${serverRoot(url)}/tokenize`;
  const auth = authorization(endpoint, url);
  const headers: Record<string, string> = auth === null ? {} : { authorization: auth };
  const body = (prompt: string) => (style === 'llamacpp' ? { content: prompt, add_special: true } : { model: endpoint.servedModel, prompt });
  return async (prompt, signal) => {
    const limits = { signal, deadline: performance.now() + Math.min(endpoint.timeoutMs, 30_000) };
    const reply = await send(parseAddress(href), { method: 'POST', headers, body: JSON.stringify(body(prompt)) }, limits, onStale);
    const text = await readText(reply.body, limits.deadline);
    if (reply.status < 200 || reply.status >= 300) return null;
    const json = JSON.parse(text) as { count?: unknown; tokens?: unknown } | null;
    if (typeof json?.count === 'number') return json.count;
    return Array.isArray(json?.tokens) ? json.tokens.length : null;
  };
}

/** Tokens a count may differ by (a BOS token, a special token) without meaning anything was cut. */
export function countSlack(count: number): number {
  return Math.max(8, Math.ceil(count * 0.02));
}

/**
 * Every answer's reported prompt tokens are compared with what the prompt should count, estimated from
 * a tokens-per-character ratio that the server itself measured once per prompt template (the exemplars
 * of GSM8K and of CSQA pack tokens differently); a shortfall is confirmed by counting that prompt
 * exactly. So a whole phase costs one /tokenize call per template unless something was cut.
 */
export function withTruncationCheck(api: ModelApi, count: PromptCounter, target: string): ModelApi {
  const ratios = new Map<string, number>();
  let usable = true;
  const exactCount = async (prompt: string, signal: AbortSignal): Promise<number | null> => {
    // A server without a working /tokenize keeps its answers; only this check is lost, and not asked again.
    const counted = await count(prompt, signal).catch(() => null);
    if (counted === null) usable = false;
    return counted;
  };
  return {
    async generate(request, signal) {
      const generation = await api.generate(request, signal);
      const reported = generation.promptTokens;
      if (!usable || reported === null || request.prompt.length === 0) return generation;
      const template = request.promptTemplate ?? '';
      const ratio = ratios.get(template);
      let exact: number | null;
      if (ratio === undefined) {
        exact = await exactCount(request.prompt, signal);
        if (exact === null) return generation;
        ratios.set(template, exact / request.prompt.length);
      } else {
        const expected = ratio * request.prompt.length;
        if (reported >= expected * 0.9 - countSlack(expected)) return generation;
        exact = await exactCount(request.prompt, signal);
        if (exact === null) return generation;
      }
      if (reported < exact - countSlack(exact)) {
        throw new RequestError({
          kind: 'context',
          target,
          reason: `the server answered for ${reported} prompt tokens, but the prompt is ${exact} tokens: it truncated the prompt to fit its context`,
        });
      }
      return generation;
    },
  };
}
