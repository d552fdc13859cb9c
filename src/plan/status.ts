// What is left of a plan, from what its run folder has recorded: per pass and cell, items answered and items that failed.
import { cellModels } from './methods.js';
import type { Plan } from './types.js';

export interface PhaseStatus {
  done: number;
  failed: number;
  total: number;
}

/** Whether a pass or cell still has items to request: missing ones, and failed ones when they are to be retried. */
export function hasWork(status: PhaseStatus | undefined, retryErrors: boolean): boolean {
  if (status === undefined) return true;
  return status.done + (retryErrors ? 0 : status.failed) < status.total;
}

/** The models a run must reach: those of every pass or cell with work left. A finished sweep needs none. */
export function modelsWithWork(plan: Plan, status: ReadonlyMap<string, PhaseStatus>, retryErrors: boolean): Set<string> {
  const models = new Set<string>();
  for (const pass of plan.passes) if (hasWork(status.get(pass.id), retryErrors)) models.add(pass.model.name);
  for (const cell of plan.cells) if (hasWork(status.get(cell.id), retryErrors)) for (const model of cellModels(cell)) models.add(model);
  return models;
}
