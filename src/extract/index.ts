// Extraction's entry points: one named rule, or all of them, on one answer.
import { flexible } from './flexible.js';
import { reference } from './reference.js';
import { strict } from './strict.js';
import type { ExtractInput, Extraction, RuleName } from './types.js';

export { answerBlock } from './answer-block.js';

const RULES: Record<RuleName, (input: ExtractInput) => Extraction> = { reference, strict, flexible };

/** Pure and deterministic: the reference rule's random draw comes from `input.fallbackSeed`. */
export function extract(rule: RuleName, input: ExtractInput): Extraction {
  return RULES[rule](input);
}

export function extractAll(input: ExtractInput): Record<RuleName, Extraction> {
  return { reference: reference(input), strict: strict(input), flexible: flexible(input) };
}
