// computeCellMetrics: every cell's figures under the headline rule, each GKT cell compared with its baselines, each method with both models alone.
import { RULE_NAMES, type RuleName } from '../vocabulary.js';
import { compareWithBaselines } from './comparisons.js';
import { compareMethods } from './methods/compare-methods.js';
import { outcomesUnder, type RunData } from './run-data.js';
import type { CellMetrics } from './metrics-types.js';

export interface MetricsOptions {
  /** The headline rule (default `reference`, as the paper's tables). */
  rule?: RuleName;
}

/** Every cell's metrics, in plan order, with each GKT cell compared against its baselines of the same repeat. */
export function computeCellMetrics(run: RunData, options: MetricsOptions = {}): CellMetrics[] {
  const rule = options.rule ?? 'reference';
  const metrics: CellMetrics[] = run.cells.map(({ figures }) => {
    const { acc, accTeacher, rescore, time, roles, guidance, answerBytes, ...head } = figures;
    return {
      ...head,
      rule,
      acc,
      accTeacher,
      rescore,
      time,
      roles,
      guidance,
      answerBytes,
      baselines: { studentAlone: null, teacherAlone: null, teacherAloneSameBatching: null },
      deltaAcc: null,
      speedUp: null,
      speedUpSameBatching: null,
      mcnemar: null,
      versus: null,
    };
  });
  const byId = new Map(run.cells.map((data) => [data.cell.id, data]));
  const origins = new Map(run.cells.map((data) => [data.cell.id, data.origins]));
  const read = new Map<string, ReadonlyMap<string, boolean>>();
  const outcomes = (id: string) => {
    const data = byId.get(id);
    if (data === undefined) return undefined;
    let found = read.get(id);
    if (found === undefined) read.set(id, (found = outcomesUnder(data.outcomes, rule, RULE_NAMES)));
    return found;
  };
  const cells = run.cells.map((data) => data.cell);
  return compareMethods(compareWithBaselines(metrics, cells, outcomes, origins), cells, outcomes, origins);
}
