// Scoring: each rule's extraction marked correct or not against the gold answer, by that rule's own judgement.
import { extractAll } from '../extract/index.js';
import { isLmEvalCorrect } from '../extract/lm-eval.js';
import { normaliseNumber } from '../extract/numbers.js';
import { type DatasetName, RULE_NAMES, type RuleName } from '../vocabulary.js';
import { isReferenceCorrect } from './reference-correct.js';
import type { ExtractInput, Extraction, ScoredExtraction } from '../extract/types.js';

/** The judgement of strict, flexible, boxed and `####`: GSM8K numeric equality (`18.0` equals `18`), CSQA letter equality. */
export function isCorrect(dataset: DatasetName, answer: string | null, gold: string): boolean {
  if (answer === null) return false;
  if (dataset === 'csqa') return answer.trim().toUpperCase() === gold.trim().toUpperCase();
  const value = normaliseNumber(answer);
  return value !== null && value === normaliseNumber(gold);
}

/** Each rule is judged as its source judges: the reference code by str() of ints, the harness by exact_match's strings. */
export function isRuleCorrect(rule: RuleName, dataset: DatasetName, answer: string | null, gold: string): boolean {
  if (rule === 'reference') return isReferenceCorrect(dataset, answer, gold);
  if (rule === 'lm-eval-strict' || rule === 'lm-eval-flexible') return isLmEvalCorrect(answer, gold);
  return isCorrect(dataset, answer, gold);
}

/** Built field by field rather than spread: a report scores every item of a run, and spread copies cost the collector more. */
function scored(extraction: Extraction, correct: boolean): ScoredExtraction {
  const { rule, answer, fired, matched, fallback } = extraction;
  return { rule, answer, fired, matched, fallback, correct };
}

export function scoreAll(input: ExtractInput, gold: string): Record<RuleName, ScoredExtraction> {
  const all = extractAll(input);
  return Object.fromEntries(
    RULE_NAMES.map((rule) => [rule, scored(all[rule], isRuleCorrect(rule, input.dataset, all[rule].answer, gold))]),
  ) as Record<RuleName, ScoredExtraction>;
}
