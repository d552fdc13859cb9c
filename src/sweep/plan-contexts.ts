// What `gkt plan` can learn of each model's context without starting anything: its config, and its server where one already answers.
import type { ResolvedModel } from '../config/resolved.js';
import { authorization } from '../models/endpoint-auth.js';
import { probeModels } from '../models/probe.js';
import { serverCounter } from '../models/truncation.js';
import { configuredContext, modelFacts, settleContext } from '../servers/model-facts.js';
import type { ModelContext } from './context-check.js';

/** A server that does not answer this quickly is not up: the plan says so and goes on from the config. */
const PLAN_PROBE_MS = 2000;

/** Per model: its context (config and server settled as a run settles them) and its server's tokenizer, with a note each. */
export async function planContexts(models: readonly ResolvedModel[], signal: AbortSignal): Promise<{ contexts: Map<string, ModelContext>; notes: string[] }> {
  const contexts = new Map<string, ModelContext>();
  const notes: string[] = [];
  await Promise.all(
    models.map(async (model) => {
      const url = model.endpoint.urls[0];
      const configured = model.endpoint.contextLength;
      let answering = false;
      const listed = new Map<string, number | null>();
      if (url !== undefined && !model.simulated) {
        try {
          const served = await probeModels(url, model.endpoint.kind, { authorization: authorization(model.endpoint, url), timeoutMs: PLAN_PROBE_MS, signal });
          listed.set(url, served.find((m) => m.id === model.endpoint.servedModel)?.contextLength ?? null);
          answering = true;
        } catch {
          // Not up yet (or gkt starts it): the config is all there is.
        }
      }
      if (!answering || url === undefined) {
        const context = configured === null ? null : configuredContext(configured);
        notes.push(`${model.key}: ${configured === null ? 'context unknown until its server answers (or set contextLength)' : `context ${configured} tokens, from the config's contextLength`}; its server does not answer now, so prompts are estimated from their characters`);
        contexts.set(model.key, { context, counter: null });
        return;
      }
      const settled = settleContext(configured, (await modelFacts(model, listed, { signal, timeoutMs: PLAN_PROBE_MS })).context);
      notes.push(`${model.key}: ${settled.note}`);
      contexts.set(model.key, { context: settled.context, counter: serverCounter(model.endpoint, url) });
    }),
  );
  return { contexts, notes: notes.sort() };
}
