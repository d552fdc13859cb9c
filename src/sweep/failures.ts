// Whether a run's failed items make its exit non-zero: none may fail unless the user allows a share of them (pure).
import type { PhaseStatus } from '../plan/status.js';

/** The exit code of a run that completed with more failed items than allowed (documented in the README). */
export const FAILED_ITEMS_EXIT = 3;

export interface FailureVerdict {
  failed: number;
  total: number;
  /** The share of items the user allows to fail (requests.allowFailures, --allow-failures); 0 by default. */
  allowed: number;
  /** True when the run must exit FAILED_ITEMS_EXIT. */
  exceeds: boolean;
  /** One line for the summary, saying which. */
  line: string;
}

const percent = (x: number) => `${(x * 100).toFixed(x * 100 >= 10 || x === 0 ? 0 : 1)}%`;

/** Over every planned pass and cell: items whose record is a failed request, of all items planned. */
export function failureVerdict(phases: ReadonlyMap<string, PhaseStatus>, allowed: number): FailureVerdict {
  let failed = 0;
  let total = 0;
  let answered = 0;
  for (const status of phases.values()) {
    failed += status.failed;
    total += status.total;
    answered += status.done;
  }
  // Items with no record at all: a run stopped before them (Ctrl-C, a kill, a phase stopped by its error rate).
  const missing = total - answered - failed;
  const rate = total === 0 ? 0 : failed / total;
  const exceeds = failed > 0 && rate > allowed;
  const share = `${failed} of ${total} items failed (${percent(rate)})`;
  const allowance = allowed > 0 ? `, ${percent(allowed)} allowed` : '';
  const left = missing > 0 ? `; ${missing} not recorded yet: run the same command again to finish them` : '';
  const line =
    failed === 0
      ? (missing === 0 ? `items: all ${total} answered, none failed` : `items: ${answered} of ${total} answered, none failed${left}`)
      : exceeds
        ? `items: ${share}${allowance}${left}: exit ${FAILED_ITEMS_EXIT}; see them with gkt report, redo them with --retry-errors`
        : `items: ${share}, within the ${percent(allowed)} allowed${left || ': exit 0'}`;
  return { failed, total, allowed, exceeds, line };
}
