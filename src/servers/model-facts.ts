// A model's context and slots, from what its servers state and what its config says, each with where it came from.
import type { ResolvedModel } from '../config/resolved.js';
import { authorization } from '../models/endpoint-auth.js';
import { readServerFacts, type ServerFacts, type Stated } from '../models/server-facts.js';

/** The config's contextLength as a stated context, its source named as the user wrote it. */
export const configuredContext = (value: number): Stated => ({ value, source: 'contextLength in the config' });

/** Over replicas: a request must fit the smallest context, and the slots of every replica take requests. */
export function combineFacts(all: readonly ServerFacts[]): ServerFacts {
  const contexts = all.map((f) => f.context).filter((c): c is Stated => c !== null);
  const slots = all.map((f) => f.slots);
  const context = contexts.reduce<Stated | null>((least, c) => (least === null || c.value < least.value ? c : least), null);
  const everySlot = slots.every((s) => s !== null) && slots.length > 0;
  return {
    context,
    slots: everySlot ? { value: slots.reduce((sum, s) => sum + s!.value, 0), source: slots.length > 1 ? `${slots[0]!.source}, summed over ${slots.length} replicas` : slots[0]!.source } : null,
  };
}

/**
 * The context a model's requests are checked against, and a line saying where it came from. The config's
 * value is a limit the user chose, kept when the server allows it; a server that holds less wins, since
 * past it llama.cpp shifts the context silently and others refuse.
 */
export function settleContext(configured: number | null, stated: Stated | null): { context: Stated | null; note: string } {
  if (configured === null && stated === null) {
    return { context: null, note: 'context unknown: the server does not state it and the config sets no contextLength, so prompts are not checked against it before they are sent' };
  }
  if (configured === null) return { context: stated, note: `context ${stated!.value} tokens, as the server states (${stated!.source})` };
  const own = configuredContext(configured);
  if (stated === null) return { context: own, note: `context ${configured} tokens, from the config's contextLength (the server does not state one)` };
  if (configured > stated.value) {
    return {
      context: stated,
      note: `contextLength ${configured} in the config is more than the server holds: using its ${stated.value} tokens (${stated.source})`,
    };
  }
  const also = configured === stated.value ? '' : `; the server holds ${stated.value} (${stated.source})`;
  return { context: own, note: `context ${configured} tokens, from the config's contextLength${also}` };
}

/** Asks each of the model's servers (already known to answer) for its facts. */
export async function modelFacts(
  model: ResolvedModel,
  listed: ReadonlyMap<string, number | null>,
  options: { signal: AbortSignal; timeoutMs: number },
): Promise<ServerFacts> {
  const all = await Promise.all(
    model.endpoint.urls.map((url) =>
      readServerFacts(model.endpoint.kind, url, {
        authorization: authorization(model.endpoint, url),
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        listedContext: listed.get(url) ?? null,
      }),
    ),
  );
  return combineFacts(all);
}
