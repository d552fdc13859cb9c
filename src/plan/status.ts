// What a plan has already recorded: per pass and cell, items answered and items that failed.
import { readJsonl } from '../results/jsonl.js';
import type { RunLayout } from '../results/layout.js';
import type { Plan } from './types.js';

export interface PhaseStatus {
  done: number;
  failed: number;
  total: number;
}

export async function planStatus(plan: Plan, layout: RunLayout): Promise<Map<string, PhaseStatus>> {
  const status = new Map<string, PhaseStatus>();
  const count = async (id: string, path: string, type: string, items: string[] | undefined) => {
    const wanted = new Set(items ?? []);
    const { records } = await readJsonl<{ type: string; item?: string; error?: unknown }>(path);
    const seen = new Map<string, boolean>();
    for (const r of records) {
      if (r.type !== type || r.item === undefined || !wanted.has(r.item)) continue;
      seen.set(r.item, (seen.get(r.item) ?? false) || !r.error);
    }
    const ok = [...seen.values()].filter(Boolean).length;
    status.set(id, { done: ok, failed: seen.size - ok, total: wanted.size });
  };
  for (const pass of plan.passes) await count(pass.id, layout.pass(pass.id), 'teacher', plan.items[pass.dataset.name]);
  for (const cell of plan.cells) await count(cell.id, layout.cell(cell.id), 'item', plan.items[cell.dataset.name]);
  return status;
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
  for (const cell of plan.cells) if (hasWork(status.get(cell.id), retryErrors)) models.add(cell.student.model.name);
  return models;
}
