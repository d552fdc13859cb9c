// The shortest a phase can take on a server of S slots, from the server's own latency model (pure).

export interface LatencyModel {
  slots: number;
  overheadMs: number;
  prefillMsPerToken: number;
  decodeMsPerToken: number;
}

export interface ServedItem {
  promptTokens: number;
  completionTokens: number;
}

/** Per-item service time: overhead + prefill of its prompt + decode of its tokens, one slot busy throughout. */
export function serviceMs(model: LatencyModel, item: ServedItem): number {
  return model.overheadMs + item.promptTokens * model.prefillMsPerToken + item.completionTokens * model.decodeMsPerToken;
}

/**
 * No schedule beats the slots' total work spread evenly (sum of service times / S), nor the longest
 * single item; the bound is the larger of the two.
 */
export function idealMakespanMs(model: LatencyModel, items: readonly ServedItem[]): number {
  let work = 0;
  let longest = 0;
  for (const item of items) {
    const t = serviceMs(model, item);
    work += t;
    longest = Math.max(longest, t);
  }
  return Math.max(work / model.slots, longest);
}
