// GPU pools: a sweep split into the teacher's work and the students' work, run as two scheduler arrays.
import type { PhaseStatus } from '../plan/status.js';
import type { Plan } from '../plan/types.js';

export const POOLS = ['teacher', 'student'] as const;
export type Pool = (typeof POOLS)[number];

/**
 * Which models' requests a pool makes. The teacher pool serves every model that teaches in a pair: its
 * teacher passes and its runs alone (the Speed Up baselines), so its server starts on teacher GPUs only;
 * the student pool serves every other model. A model that teaches one pair and learns in another belongs
 * to the teacher pool, the student's part included.
 */
export function poolModels(plan: Plan, pool: Pool): Set<string> {
  const teachers = new Set(plan.passes.map((pass) => pass.model.name));
  const all = new Set([...teachers, ...plan.cells.map((cell) => cell.student.model.name)]);
  return new Set([...all].filter((model) => teachers.has(model) === (pool === 'teacher')));
}

/**
 * The teacher passes a pool's cells read but do not run, still lacking items: the guidance the student
 * pool would wait for. One line each, naming the pass and what it holds.
 */
export function missingGuidance(plan: Plan, status: ReadonlyMap<string, PhaseStatus>, runs: ReadonlySet<string>): string[] {
  const needed = new Set(plan.cells.filter((cell) => cell.teacher !== null && runs.has(cell.student.model.name)).map((cell) => cell.teacher!.pass));
  const lines: string[] = [];
  for (const pass of plan.passes) {
    if (!needed.has(pass.id) || runs.has(pass.model.name)) continue;
    const s = status.get(pass.id);
    // Failed teacher requests count as recorded: the student cells record those items as failed.
    const recorded = s === undefined ? 0 : s.done + s.failed;
    if (s !== undefined && recorded >= s.total) continue;
    lines.push(`teacher pass ${pass.id} (${pass.model.name}, ${pass.dataset.name}, ${pass.maxTokens} tokens) has ${recorded} of ${s?.total ?? '?'} items`);
  }
  return lines;
}
