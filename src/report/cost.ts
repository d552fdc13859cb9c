// Cost per cell from per-model prices, and the paper's claim form: X% of the teacher's accuracy at Y% of its cost.
import { sharePercent } from './arithmetic.js';
import { priceFor } from './prices.js';
import type { CellMetrics, RoleStats } from './metrics-types.js';
import type { PriceTable } from './prices.js';
import type { ModelInfo } from './run-data.js';

export interface RoleCost {
  model: string;
  /** Null when the model has no price, or its basis has no numbers (no token counts, no time). */
  amount: number | null;
  basis: 'tokens' | 'gpu-hours' | 'unpriced';
}

export interface CellCost {
  id: string;
  teacher: RoleCost | null;
  student: RoleCost;
  total: number | null;
  /** For GKT cells: the serial teacher-alone cell and the shares against it. */
  teacherAlone: { id: string; cost: number | null; accPercent: number } | null;
  accShare: number | null;
  costShare: number | null;
  claim: string | null;
}

/**
 * Token prices where the model has them (prompt and completion tokens the server reported);
 * otherwise GPU-hours of the phase's wall time at the model's hourly price.
 */
export function roleCost(stats: RoleStats, seconds: number | null, table: PriceTable, models: ReadonlyMap<string, ModelInfo>): RoleCost {
  const price = priceFor(table, models.get(stats.model), stats.model);
  if (price === null) return { model: stats.model, amount: null, basis: 'unpriced' };
  if (price.inputPer1k !== null || price.outputPer1k !== null) {
    const reported = stats.promptTokens.reported + stats.completionTokens.reported;
    const amount = reported === 0 ? null
      : (stats.promptTokens.sum / 1000) * (price.inputPer1k ?? 0) + (stats.completionTokens.sum / 1000) * (price.outputPer1k ?? 0);
    return { model: stats.model, amount, basis: 'tokens' };
  }
  const amount = price.gpuHour === null || seconds === null ? null : (seconds / 3600) * price.gpuHour;
  return { model: stats.model, amount, basis: 'gpu-hours' };
}

function singleCost(m: CellMetrics, table: PriceTable, models: ReadonlyMap<string, ModelInfo>): RoleCost {
  return roleCost(m.roles.student, m.time.student.seconds, table, models);
}

export function claimText(accShare: number | null, costShare: number | null): string | null {
  if (accShare === null || costShare === null) return null;
  return `${accShare.toFixed(2)}% of the teacher's accuracy at ${costShare.toFixed(0)}% of its cost`;
}

/** Costs of every cell; only computed when at least one model is priced. */
export function cellCosts(metrics: readonly CellMetrics[], table: PriceTable, models: ReadonlyMap<string, ModelInfo>): CellCost[] {
  const byId = new Map(metrics.map((m) => [m.id, m]));
  return metrics.map((m) => {
    const student = singleCost(m, table, models);
    const teacher = m.roles.teacher === null ? null : roleCost(m.roles.teacher, m.time.teacher?.seconds ?? null, table, models);
    const parts = teacher === null ? [student] : [teacher, student];
    const total = parts.every((p) => p.amount !== null) ? parts.reduce((s, p) => s + (p.amount ?? 0), 0) : null;
    const alone = m.baselines.teacherAlone === null ? undefined : byId.get(m.baselines.teacherAlone);
    if (alone === undefined) return { id: m.id, teacher, student, total, teacherAlone: null, accShare: null, costShare: null, claim: null };
    const aloneCost = singleCost(alone, table, models).amount;
    const accShare = sharePercent(m.acc[m.rule].percent, alone.acc[m.rule].percent);
    const costShare = sharePercent(total, aloneCost);
    return {
      id: m.id,
      teacher,
      student,
      total,
      teacherAlone: { id: alone.id, cost: aloneCost, accPercent: alone.acc[m.rule].percent },
      accShare,
      costShare,
      claim: claimText(accShare, costShare),
    };
  });
}
