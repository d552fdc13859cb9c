// Per-role request statistics of a cell, counted as the records stream past: tokens in and out, latency and time-to-first-token percentiles, throughput.
import { NumberList } from '../util/number-list.js';
import { quantileOfSorted } from './statistics.js';
import type { RequestTiming } from '../results/records.js';
import type { Distribution, RoleStats, TokenCount } from './metrics-types.js';

export function distribution(values: NumberList): Distribution {
  const sorted = values.sorted();
  return { count: sorted.length, p50: quantileOfSorted(sorted, 0.5), p90: quantileOfSorted(sorted, 0.9), p99: quantileOfSorted(sorted, 0.99) };
}

class TokenTally {
  private sum = 0;
  private reported = 0;

  add(value: number | null): void {
    if (value === null) return;
    this.sum += value;
    this.reported += 1;
  }

  count(): TokenCount {
    return { sum: this.sum, mean: this.reported === 0 ? null : this.sum / this.reported, reported: this.reported };
  }
}

export interface RoleRequest {
  promptTokens: number | null;
  completionTokens: number | null;
  timing: RequestTiming | null;
  /** How long the request counts for, in ms; null when its timing is unknown. */
  latencyMs: number | null;
  cached: boolean;
  /**
   * A reasoning model's thinking tokens behind the request (null where the server reported no token
   * boundaries); undefined for a model without a thinking segment.
   */
  thinkingTokens: number | null | undefined;
}

/**
 * One role's requests in a cell: the answering model (student, or a single model), or the teacher as its
 * guidance records show it (output is the guidance's N tokens, and latency for guidance cut from a longer
 * pass runs until token N arrived).
 */
export class RoleTally {
  private requests = 0;
  private cached = 0;
  private readonly prompt = new TokenTally();
  private readonly completion = new TokenTally();
  private readonly thinking = new TokenTally();
  /** Whether any request had a thinking segment: records of a model without one have no `thinking` at all. */
  private thinks = false;
  private readonly latencies = new NumberList();
  private readonly ttfts = new NumberList();

  add(request: RoleRequest): void {
    this.requests += 1;
    if (request.cached) this.cached += 1;
    this.prompt.add(request.promptTokens);
    this.completion.add(request.completionTokens);
    if (request.thinkingTokens !== undefined) {
      this.thinks = true;
      this.thinking.add(request.thinkingTokens);
    }
    if (request.latencyMs !== null) this.latencies.push(request.latencyMs);
    const { timing } = request;
    if (timing !== null && timing.firstToken !== null) this.ttfts.push(timing.firstToken - timing.start);
  }

  stats(model: string, phaseSeconds: number | null): RoleStats {
    const completion = this.completion.count();
    return {
      model,
      requests: this.requests,
      promptTokens: this.prompt.count(),
      completionTokens: completion,
      latencyMs: distribution(this.latencies),
      ttftMs: distribution(this.ttfts),
      throughput: phaseSeconds === null || phaseSeconds <= 0 ? null : completion.sum / phaseSeconds,
      cached: this.cached,
      thinkingTokens: this.thinks ? this.thinking.count() : null,
    };
  }
}
