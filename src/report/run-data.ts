// What a report reads: one or more run folders merged into cells and teacher passes, each reduced to its figures as its records stream past.
import type { RuleName } from '../vocabulary.js';
import type { Cell, TeacherPass } from '../plan/types.js';
import type { CellMetrics } from './metrics-types.js';
import type { PriceTable } from './prices.js';
import type { MissingShard } from './shard-checks.js';
import type { PhaseTime } from './teacher-time.js';

/** A model as the manifests describe it, keyed by its config name. */
export interface ModelInfo {
  key: string;
  /** Display label from the config, else the config name. */
  label: string;
  kind: string | null;
  /** The served model ids (the config's `model` and what the server reported). */
  served: string[];
  simulated: boolean;
}

/** What a report keeps of a teacher pass: its phase time for each guidance length a cell cut from it. */
export interface PassData {
  pass: TeacherPass;
  times: Map<number, PhaseTime>;
}

/** A cell's figures that do not depend on the headline rule; computeCellMetrics adds the rule and the comparisons. */
export type CellFigures = Omit<CellMetrics, 'rule' | 'baselines' | 'deltaAcc' | 'speedUp' | 'speedUpSameBatching' | 'mcnemar' | 'versus'>;

/** Per planned item, whether the cell has it, and whether each rule judged it right (a failed item is wrong). */
export interface ItemOutcomes {
  items: readonly string[];
  /** Bit 0: present; bit 1 + i: right under RULE_NAMES[i]. */
  flags: Uint8Array;
}

export interface CellData {
  cell: Cell;
  figures: CellFigures;
  outcomes: ItemOutcomes;
  /** The run (manifest name) of every folder whose plan lists the cell: baselines are sought in the same run first. */
  origins: string[];
  /** The folders holding its records, where each item's texts can be read back. */
  dirs: string[];
}

export interface ShardInfo {
  /** Shard count the manifests declare, or null for unsharded runs. */
  count: number | null;
  /** 1-based shard indexes present. */
  present: number[];
  /** Shards of the runs given that were not given themselves (reported only when allowed). */
  missing: MissingShard[];
}

export interface RunData {
  dirs: string[];
  /** Run names from the manifests, in folder order, without repeats. */
  runs: string[];
  gkt: { version: string | null; commit: string | null };
  cells: CellData[];
  passes: Map<string, PassData>;
  /** Exemplar text by its sha256, from every folder's prompts/ files. */
  prompts: Map<string, { text: string; path: string }>;
  models: Map<string, ModelInfo>;
  /** Prices from the run configs (a --prices sheet is applied on top by the caller). */
  prices: PriceTable;
  shards: ShardInfo;
  warnings: string[];
}

/** The items a cell has, each with whether `rule` judged it right: what a paired test compares. */
export function outcomesUnder(outcomes: ItemOutcomes, rule: RuleName, rules: readonly RuleName[]): Map<string, boolean> {
  const bit = 1 << (1 + rules.indexOf(rule));
  const map = new Map<string, boolean>();
  outcomes.items.forEach((item, i) => {
    const flags = outcomes.flags[i]!;
    if (flags & 1) map.set(item, (flags & bit) !== 0);
  });
  return map;
}
