// Every cell that is more than one model alone, against the student alone and the teacher alone: paired tests and Speed Up.
import { speedUp } from '../arithmetic.js';
import { aloneFor, type Origins } from '../baselines.js';
import { pairedMcNemar } from '../mcnemar.js';
import type { Cell } from '../../plan/types.js';
import type { CellMetrics, McNemarSummary, Versus } from '../metrics-types.js';
import { routingFigures } from './routing.js';

/** The two models a cell is compared with: a pair's, or the teacher a speculative server serves; null for a model alone. */
export function comparedModels(cell: Cell): { student: string | null; teacher: string } | null {
  if (cell.teacher !== null) return { student: cell.student.model.name, teacher: cell.teacher.model.name };
  if (cell.method !== undefined) return { student: cell.student.model.name, teacher: cell.method.teacher.model.name };
  const speculative = cell.student.model.speculative;
  return speculative === undefined ? null : { student: null, teacher: speculative.teacher };
}

/** Per cell id, the headline-rule verdict per present item (a failed item is wrong). */
export type OutcomesOf = (id: string) => ReadonlyMap<string, boolean> | undefined;

function test(own: ReadonlyMap<string, boolean> | undefined, baseline: CellMetrics | undefined, outcomes: OutcomesOf): McNemarSummary | null {
  const theirs = baseline === undefined ? undefined : outcomes(baseline.id);
  if (own === undefined || theirs === undefined || baseline === undefined) return null;
  const result = pairedMcNemar(own, theirs);
  return { baseline: baseline.id, n: result.n, b: result.b, c: result.c, p: result.p };
}

/** Pure: `metrics` and `cells` describe the same cells. Plain single models come back as they are. */
export function compareMethods(metrics: readonly CellMetrics[], cells: readonly Cell[], outcomes: OutcomesOf, origins: Origins = new Map()): CellMetrics[] {
  const byId = new Map(metrics.map((m) => [m.id, m]));
  const cellById = new Map(cells.map((c) => [c.id, c]));
  return metrics.map((m) => {
    const cell = cellById.get(m.id);
    const models = cell === undefined ? null : comparedModels(cell);
    if (cell === undefined || models === null) return m;
    const student = models.student === null ? null : aloneFor(models.student, cell, cells, undefined, origins);
    const teacher = aloneFor(models.teacher, cell, cells, undefined, origins);
    const studentMetrics = student === null ? undefined : byId.get(student.id);
    const teacherMetrics = teacher === null ? undefined : byId.get(teacher.id);
    const route = cell.method?.kind === 'route' && m.method?.route ? cell.method.router : null;
    const routing = route === null ? null : routingFigures(route, m.method!.route!.items, m.items.planned, m.rule, {
      student: studentMetrics?.acc[m.rule].percent ?? null,
      teacher: teacherMetrics?.acc[m.rule].percent ?? null,
    });
    // The oracle is an upper bound under whichever rule judges: its items are those of the headline rule.
    const own = routing?.oracle?.outcomes ?? outcomes(m.id);
    const versus: Versus = {
      studentAlone: student?.id ?? null,
      teacherAlone: teacher?.id ?? null,
      student: test(own, studentMetrics, outcomes),
      teacher: test(own, teacherMetrics, outcomes),
      speedUp: speedUp(teacherMetrics?.time.totalSeconds ?? null, routing?.oracle ? routing.oracle.seconds : m.time.totalSeconds),
      routing,
    };
    return { ...m, versus };
  });
}
