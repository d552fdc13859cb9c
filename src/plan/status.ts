// What a plan has already recorded: per pass and cell, items answered and items that failed.
import { readJsonl } from '../results/jsonl.js';
import type { RunLayout } from '../results/layout.js';
import { cellModels } from './methods.js';
import type { Plan } from './types.js';

export interface PhaseStatus {
  done: number;
  failed: number;
  total: number;
}

export async function planStatus(plan: Plan, layout: RunLayout): Promise<Map<string, PhaseStatus>> {
  const status = new Map<string, PhaseStatus>();
  /** Per pass, the items its teacher answered. */
  const answered = new Map<string, Set<string>>();
  const count = async (id: string, path: string, type: string, items: string[] | undefined, passAnswered?: Set<string>) => {
    const wanted = new Set(items ?? []);
    const { records } = await readJsonl<{ type: string; item?: string; error?: { role?: unknown } | null }>(path);
    const seen = new Map<string, boolean>();
    for (const r of records) {
      if (r.type !== type || r.item === undefined || !wanted.has(r.item)) continue;
      // Failed because its teacher had, which has answered since: left to redo, as the runner will.
      if (r.error?.role === 'teacher' && passAnswered?.has(r.item)) continue;
      seen.set(r.item, (seen.get(r.item) ?? false) || !r.error);
    }
    const ok = [...seen].filter(([, good]) => good).map(([item]) => item);
    status.set(id, { done: ok.length, failed: seen.size - ok.length, total: wanted.size });
    return new Set(ok);
  };
  for (const pass of plan.passes) answered.set(pass.id, await count(pass.id, layout.pass(pass.id), 'teacher', plan.items[pass.dataset.name]));
  for (const cell of plan.cells) {
    const pass = cell.teacher ? answered.get(cell.teacher.pass) : undefined;
    await count(cell.id, layout.cell(cell.id), 'item', plan.items[cell.dataset.name], pass);
  }
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
  for (const cell of plan.cells) if (hasWork(status.get(cell.id), retryErrors)) for (const model of cellModels(cell)) models.add(model);
  return models;
}
