// Per-role request statistics of a cell: tokens in and out, latency and time-to-first-token percentiles, throughput.
import { mean, quantile, sum } from './statistics.js';
import type { ItemRecord, RequestTiming } from '../results/records.js';
import type { Distribution, RoleStats, TokenCount } from './metrics-types.js';

export function distribution(values: readonly number[]): Distribution {
  return { count: values.length, p50: quantile(values, 0.5), p90: quantile(values, 0.9), p99: quantile(values, 0.99) };
}

function tokenCount(values: ReadonlyArray<number | null>): TokenCount {
  const reported = values.filter((v): v is number => v !== null);
  return { sum: sum(reported), mean: mean(reported), reported: reported.length };
}

function ttft(timing: RequestTiming | null): number | null {
  return timing === null || timing.firstToken === null ? null : timing.firstToken - timing.start;
}

function throughput(tokens: number, seconds: number | null): number | null {
  return seconds === null || seconds <= 0 ? null : tokens / seconds;
}

/** The answering model's requests: the student of a GKT cell, or the single model of a baseline. */
export function studentStats(records: readonly ItemRecord[], model: string, phaseSeconds: number | null): RoleStats {
  const answered = records.filter((r) => r.student !== null);
  const timings = answered.map((r) => r.student?.timing ?? null).filter((t): t is RequestTiming => t !== null);
  const completion = tokenCount(answered.map((r) => r.student?.completionTokens ?? null));
  return {
    model,
    requests: answered.length,
    promptTokens: tokenCount(answered.map((r) => r.student?.promptTokens ?? null)),
    completionTokens: completion,
    latencyMs: distribution(timings.map((t) => t.end - t.start)),
    ttftMs: distribution(timings.map(ttft).filter((v): v is number => v !== null)),
    throughput: throughput(completion.sum, phaseSeconds),
    cached: answered.filter((r) => r.student?.cached === true).length,
    thinkingTokens: thinkingCount(answered.map((r) => r.student?.thinking)),
  };
}

/** Records of a model without a thinking segment have no `thinking` at all: then there is nothing to count. */
function thinkingCount(values: ReadonlyArray<{ tokens: number | null } | number | null | undefined>): TokenCount | null {
  if (values.every((v) => v === undefined)) return null;
  return tokenCount(values.map((v) => (v === undefined || v === null ? null : typeof v === 'number' ? v : v.tokens)));
}

/**
 * The teacher's side of a GKT cell, as its guidance records show it: output is the guidance's k tokens,
 * and latency for guidance cut from a longer pass runs until token k arrived.
 */
export function teacherStats(records: readonly ItemRecord[], model: string, phaseSeconds: number | null): RoleStats {
  const guided = records.flatMap((r) => (r.guidance === null ? [] : [r.guidance]));
  const latencies = guided.flatMap((g) => {
    if (g.timing === null) return [];
    if (g.derived && g.readyAt !== null) return [g.readyAt];
    return [g.timing.end - g.timing.start];
  });
  const completion = tokenCount(guided.map((g) => g.tokens));
  return {
    model,
    requests: guided.length,
    promptTokens: tokenCount(guided.map((g) => g.promptTokens)),
    completionTokens: completion,
    latencyMs: distribution(latencies),
    ttftMs: distribution(guided.map((g) => ttft(g.timing)).filter((v): v is number => v !== null)),
    throughput: throughput(completion.sum, phaseSeconds),
    cached: guided.filter((g) => g.cached).length,
    thinkingTokens: thinkingCount(guided.map((g) => g.thinkingTokens)),
  };
}
