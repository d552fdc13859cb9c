// Extraction's entry points: one named rule, or all of them, on one answer.
import { boxed } from './boxed.js';
import { flexible } from './flexible.js';
import { hashMarker } from './hash-marker.js';
import { lmEvalFlexible, lmEvalStrict } from './lm-eval.js';
import { reference } from './reference.js';
import { strict } from './strict.js';
import { type ExtractInput, type Extraction } from './types.js';
import { RULE_NAMES, type RuleName } from '../vocabulary.js';

export { answerBlock } from './answer-block.js';

const RULES: Record<RuleName, (input: ExtractInput) => Extraction> = {
  reference,
  strict,
  flexible,
  boxed,
  '####': hashMarker,
  'lm-eval-strict': lmEvalStrict,
  'lm-eval-flexible': lmEvalFlexible,
};

/** Pure and deterministic: the reference rule's random draw comes from `input.fallbackSeed`. */
export function extract(rule: RuleName, input: ExtractInput): Extraction {
  return RULES[rule](input);
}

export function extractAll(input: ExtractInput): Record<RuleName, Extraction> {
  return Object.fromEntries(RULE_NAMES.map((rule) => [rule, RULES[rule](input)])) as Record<RuleName, Extraction>;
}
