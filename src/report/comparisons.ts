// Each GKT cell against its baselines: Δ(ACC) against the student alone, Speed Up against the teacher alone, McNemar on paired items.
import { deltaAcc, speedUp } from './arithmetic.js';
import { studentAloneFor, teacherAloneFor, type Origins } from './baselines.js';
import { pairedMcNemar } from './mcnemar.js';
import type { Cell } from '../plan/types.js';
import type { CellMetrics } from './metrics-types.js';

/** Per cell id: the headline-rule verdict per present item (a failed item is wrong); made when a pair is tested. */
export type Outcomes = (cellId: string) => ReadonlyMap<string, boolean> | undefined;

/**
 * Pure: `metrics` and `cells` describe the same cells (matched by id). Single-model cells come back as
 * they are; GKT cells with their baselines' ids, Δ(ACC) under the metrics' headline rule, both Speed Ups,
 * and, when `outcomes` has both cells, the exact McNemar test against the student alone.
 */
export function compareWithBaselines(
  metrics: readonly CellMetrics[],
  cells: readonly Cell[],
  outcomes: Outcomes = () => undefined,
  origins: Origins = new Map(),
): CellMetrics[] {
  const byId = new Map(metrics.map((m) => [m.id, m]));
  const cellById = new Map(cells.map((c) => [c.id, c]));
  return metrics.map((m) => {
    const cell = cellById.get(m.id);
    if (cell === undefined || cell.teacher === null) return m;
    const student = studentAloneFor(cell, cells, origins);
    const teacherSerial = teacherAloneFor(cell, cells, undefined, origins);
    const teacherSame = m.teacher?.batching == null ? null : teacherAloneFor(cell, cells, m.teacher.batching, origins);
    const studentMetrics = student === null ? undefined : byId.get(student.id);
    const serialTime = teacherSerial === null ? null : (byId.get(teacherSerial.id)?.time.totalSeconds ?? null);
    const sameTime = teacherSame === null ? null : (byId.get(teacherSame.id)?.time.totalSeconds ?? null);
    const own = studentMetrics === undefined ? undefined : outcomes(m.id);
    const theirs = own === undefined || studentMetrics === undefined ? undefined : outcomes(studentMetrics.id);
    const test = own === undefined || theirs === undefined ? null : pairedMcNemar(own, theirs);
    return {
      ...m,
      baselines: { studentAlone: student?.id ?? null, teacherAlone: teacherSerial?.id ?? null, teacherAloneSameBatching: teacherSame?.id ?? null },
      deltaAcc: studentMetrics === undefined ? null : deltaAcc(m.acc[m.rule].percent, studentMetrics.acc[m.rule].percent),
      speedUp: speedUp(serialTime, m.time.totalSeconds),
      speedUpSameBatching: speedUp(sameTime, m.time.totalSeconds),
      mcnemar: test === null || studentMetrics === undefined ? null : { baseline: studentMetrics.id, n: test.n, b: test.b, c: test.c, p: test.p },
    };
  });
}
