// Scoring: each rule's extraction marked correct or not against the gold answer.
import { extractAll } from '../extract/index.js';
import { normaliseNumber } from '../extract/numbers.js';
import { isReferenceCorrect } from './reference-correct.js';
import type { DatasetName } from '../datasets/types.js';
import type { ExtractInput, Extraction, RuleName, ScoredExtraction } from '../extract/types.js';

/** The strict and flexible rules' judgement: GSM8K numeric equality (`18.0` equals `18`), CSQA letter equality. */
export function isCorrect(dataset: DatasetName, answer: string | null, gold: string): boolean {
  if (answer === null) return false;
  if (dataset === 'csqa') return answer.trim().toUpperCase() === gold.trim().toUpperCase();
  const value = normaliseNumber(answer);
  return value !== null && value === normaliseNumber(gold);
}

/** Built field by field rather than spread: a report scores every item of a run, and spread copies cost the collector more. */
function scored(extraction: Extraction, correct: boolean): ScoredExtraction {
  const { rule, answer, fired, matched, fallback } = extraction;
  return { rule, answer, fired, matched, fallback, correct };
}

export function scoreAll(input: ExtractInput, gold: string): Record<RuleName, ScoredExtraction> {
  const all = extractAll(input);
  return {
    reference: scored(all.reference, isReferenceCorrect(input.dataset, all.reference.answer, gold)),
    strict: scored(all.strict, isCorrect(input.dataset, all.strict.answer, gold)),
    flexible: scored(all.flexible, isCorrect(input.dataset, all.flexible.answer, gold)),
  };
}
