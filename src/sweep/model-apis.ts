// Each model of a run as the cells speak to it: its server's API with retries and the cache, noting the model ids it answers with.
import type { ResolvedModel, ResolvedSweep } from '../config/resolved.js';
import { buildModelApi } from '../models/build.js';
import type { Generation, ModelApi } from '../models/types.js';
import type { Manifest } from '../results/manifest.js';
import type { StartedServers } from '../servers/start.js';
import type { ModelKey, ResponseModel } from '../vocabulary.js';

/** `responded` gathers, per model, the ids its responses name, starting from those an earlier session saw. */
export function modelApis(
  sweep: ResolvedSweep,
  models: readonly ResolvedModel[],
  servers: StartedServers,
  responded: Map<ModelKey, Set<ResponseModel>>,
  manifest: Manifest,
  stopSignal: AbortSignal,
): Record<ModelKey, { api: ModelApi; model: ResolvedModel }> {
  const apis: Record<ModelKey, { api: ModelApi; model: ResolvedModel }> = {};
  for (const model of models) {
    const seen = responded.get(model.key) ?? new Set(manifest.models[model.key]?.responded ?? []);
    responded.set(model.key, seen);
    const api = buildModelApi(model.endpoint, {
      cacheDir: sweep.cacheDir,
      retry: { attempts: sweep.requests.attempts, baseDelayMs: sweep.requests.backoffMs, serverWaitMs: sweep.requests.serverWaitMs },
      served: servers.served[model.key]?.ids ?? [],
      stopSignal,
    });
    apis[model.key] = { model, api: observeResponseModels(api, seen) };
  }
  return apis;
}

/** Note each model id a server names in its responses, for the manifest. */
function observeResponseModels(api: ModelApi, seen: Set<ResponseModel>): ModelApi {
  return {
    async generate(request, signal): Promise<Generation> {
      const generation = await api.generate(request, signal);
      if (generation.responseModel) seen.add(generation.responseModel);
      return generation;
    },
  };
}
