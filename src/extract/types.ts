// What an extraction rule returns: the answer and the evidence for it.
import type { DatasetName, RuleName } from '../vocabulary.js';

export interface ExtractInput {
  dataset: DatasetName;
  /** Everything before the model's answer: the prompt up to and including `A:` and its space. */
  prompt: string;
  /** The model's answer: the guidance followed by the student's continuation. */
  answer: string;
  /** Number of exemplars in the prompt (the reference rule indexes by it). */
  shots: number;
  /** Seed for the reference rule's random fallback, derived from the item so reruns agree. */
  fallbackSeed: number;
}

export interface Extraction {
  rule: RuleName;
  /**
   * Normalised answer (GSM8K: canonical number text such as `1234.5`, `-3`, `1/3`; CSQA: a letter A–E;
   * the lm-eval rules: the harness's normalised string, such as `1234.50`), or null for no answer.
   */
  answer: string | null;
  /** Which part of the rule produced the answer, e.g. `answer-is`, `last-number`, `boxed`, `random-fallback`, `none`. */
  fired: string;
  /** The text the rule matched, or null. */
  matched: string | null;
  /** True when the answer is the reference rule's random draw. */
  fallback: boolean;
}

export interface ScoredExtraction extends Extraction {
  correct: boolean;
}
