// A response cache on disk: answers keyed by everything that shapes them; errors are never stored.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeJsonAtomic } from '../util/atomic-write.js';
import { canonicalJson, sha256 } from '../util/hash.js';
import type { ResponseModel } from '../vocabulary.js';
import type { GenerateRequest, Generation, ModelApi, ModelEndpoint } from './types.js';

const CACHE_VERSION = 1;

/** Where the request goes, what is asked, and how it is decoded: a change to any one is a new key. */
export function cacheKey(endpoint: ModelEndpoint, request: GenerateRequest): string {
  // Which template a prompt came from is in its text already; named apart, it only serves the truncation check.
  const { promptTemplate: _template, ...asked } = request;
  return sha256(
    canonicalJson({
      v: CACHE_VERSION,
      endpoint: { kind: endpoint.kind, api: endpoint.api, where: endpoint.identity ?? [...endpoint.urls].sort(), model: endpoint.servedModel },
      body: { maxTokensField: endpoint.maxTokensField, extraBody: endpoint.extraBody, contextLength: endpoint.contextLength },
      request: asked,
    }),
  );
}

/** A generation as the cache keeps it on disk; `model` is the response's model id (`responseModel` in memory). */
interface CacheEntry {
  key: string;
  stored: string;
  generation: Omit<Generation, 'responseModel' | 'start' | 'end' | 'firstTokenAt' | 'attempts' | 'cached'> & {
    model: ResponseModel | null;
    firstTokenMs: number | null;
    durationMs: number;
  };
}

export function cachePath(dir: string, key: string): string {
  return join(dir, key.slice(0, 2), `${key}.json`);
}

export function withCache(api: ModelApi, endpoint: ModelEndpoint, dir: string): ModelApi {
  return {
    async generate(request, signal) {
      const key = cacheKey(endpoint, request);
      const path = cachePath(dir, key);
      const hit = await readEntry(path, key);
      if (hit !== null) {
        const now = performance.now();
        const { model: responseModel, firstTokenMs: _first, durationMs: _duration, ...kept } = hit.generation;
        // Served from disk: no time was measured, and the records say so. Token boundaries stay (with their
        // log-probabilities and inexact marks), their arrival times go, so that no teacher time is derived
        // from another session's clock.
        const tokens = kept.tokens === null ? null : kept.tokens.map((t) => ({ ...t, at: null }));
        return { ...kept, responseModel, tokens, start: now, end: now, firstTokenAt: null, attempts: 0, cached: true };
      }
      const generation = await api.generate(request, signal);
      // Asked for token boundaries and given none, the answer is of no use to its pass: not kept, so a retry asks again.
      if (request.wantTokens && generation.tokens === null) return generation;
      const { responseModel, start, end, firstTokenAt, attempts: _attempts, cached: _cached, ...kept } = generation;
      const entry: CacheEntry = {
        key,
        stored: new Date().toISOString(),
        generation: { ...kept, model: responseModel, firstTokenMs: firstTokenAt === null ? null : firstTokenAt - start, durationMs: end - start },
      };
      // A cache that cannot be written costs speed on a rerun, never a result.
      await writeJsonAtomic(path, entry).catch(() => undefined);
      return generation;
    },
  };
}

async function readEntry(path: string, key: string): Promise<CacheEntry | null> {
  try {
    const entry = JSON.parse(await readFile(path, 'utf8')) as CacheEntry;
    return entry.key === key && typeof entry.generation?.text === 'string' ? entry : null;
  } catch {
    return null;
  }
}
