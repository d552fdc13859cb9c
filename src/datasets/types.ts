// What a benchmark item is once read from its dataset file, whatever the dataset.

import type { DatasetName } from '../vocabulary.js';

export interface Choice {
  label: string;
  text: string;
}

export interface Item {
  /** Stable id: GSM8K has none, so `gsm8k-<0-based line index>`; CSQA keeps its own `id`. */
  id: string;
  /** 0-based position in the source file. */
  index: number;
  dataset: DatasetName;
  /** GSM8K: `question` as is. CSQA: `question.stem`, stripped as the reference code does. */
  question: string;
  /** CSQA only: the five choices, labels A–E in order. */
  choices?: Choice[];
  /** GSM8K: the number after `#### ` with commas removed. CSQA: `answerKey`, A–E. */
  gold: string;
}

export interface LoadedDataset {
  name: DatasetName;
  path: string;
  sha256: string;
  items: Item[];
}

/** Which items of a dataset a run uses. Applied in this order: sample or limit, then shard. */
export interface Selection {
  limit?: number;
  sample?: number;
  seed?: number;
  shard?: { index: number; count: number };
}
