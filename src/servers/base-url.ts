// A base URL given without its /v1 (`http://host:8000`): found by asking the server where its OpenAI API is, so the user reads "add /v1", not "start the server".
import type { ResolvedModel } from '../config/resolved.js';
import { authorization } from '../models/endpoint-auth.js';
import { ProbeFailed, probeModels } from '../models/probe.js';
import { GktError } from '../util/errors.js';

/**
 * `url` + `/v1` when that is where the server's OpenAI API answers and `url` is not: asked when the
 * probe of `url` got an answer that was no list of models (a 404, another body), or when `url` names
 * no path at all (llama.cpp answers /models at its root too, but its root /completions is its own
 * native API). Null otherwise: a server that is down, or one that answers at `url`, costs no probe.
 */
async function missingV1(
  model: ResolvedModel,
  url: string,
  failure: unknown,
  options: { signal: AbortSignal; probeTimeoutMs?: number },
): Promise<string | null> {
  if (model.endpoint.api === 'ollama' || /\/v1\/?$/.test(url)) return null;
  const answered = failure instanceof ProbeFailed && failure.status !== undefined;
  const bareHost = /^https?:\/\/[^/]+\/?$/.test(url);
  if (failure === null ? !bareHost : !answered) return null;
  const withV1 = `${url.replace(/\/+$/, '')}/v1`;
  try {
    await probeModels(withV1, model.endpoint.kind, { authorization: authorization(model.endpoint, url), timeoutMs: options.probeTimeoutMs ?? 15_000, signal: options.signal });
    return withV1;
  } catch {
    return null;
  }
}

/** Throws "add /v1" when `missingV1` finds the API one level down. */
export async function refuseMissingV1(
  model: ResolvedModel,
  url: string,
  failure: unknown,
  options: { signal: AbortSignal; probeTimeoutMs?: number },
): Promise<void> {
  const withV1 = await missingV1(model, url, failure, options);
  if (withV1 === null) return;
  throw new GktError(`${model.key}: ${url} is not the server's OpenAI API, which answers at ${withV1}`, {
    ...(failure !== null ? { cause: failure } : {}),
    hint: `add /v1 to the model's URL: ${withV1}`,
  });
}
