// What a report reads: one or more run folders merged into cells and teacher passes with their records.
import type { Cell, TeacherPass } from '../plan/types.js';
import type { ItemRecord, RequestTiming, SegmentRecord, TeacherRecord } from '../results/records.js';
import type { AcceptanceRecord, VocabularyRecord } from '../results/method-records.js';
import type { PriceTable } from './prices.js';
import type { MissingShard } from './shard-checks.js';

/** A model as the manifests describe it, keyed by its config name. */
export interface ModelInfo {
  name: string;
  /** Display label from the config, else the config name. */
  label: string;
  kind: string | null;
  /** The served model ids (the config's `model` and what the server reported). */
  served: string[];
  simulated: boolean;
}

/** The records of one phase file (a teacher pass or a cell) across every folder read. */
export interface PhaseRecords {
  segments: SegmentRecord[];
  /** Every request timing read from the file, duplicates included: ends of killed segments come from them. */
  timings: RequestTiming[];
}

export interface PassData extends PhaseRecords {
  pass: TeacherPass;
  /** One record per item (duplicates merged, a record without error preferred). */
  records: Map<string, TeacherRecord>;
}

export interface CellData extends PhaseRecords {
  cell: Cell;
  /** The items planned for the cell's dataset in every plan that lists the cell: the denominator. */
  planned: string[];
  records: Map<string, ItemRecord>;
  /** Records read beyond one per item (retries, overlapping shards). */
  duplicates: number;
  /** Records of items that no plan lists for this cell; they are not scored. */
  unplanned: number;
  /** The run (manifest name) of every folder whose plan lists the cell: baselines are sought in the same run first. */
  origins: string[];
  /** A speculative server's acceptance counters and vocabulary checks, in file order. */
  notes?: Array<AcceptanceRecord | VocabularyRecord>;
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
