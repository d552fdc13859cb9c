// What a reader must be told about the headline rule before trusting a column of numbers.
import type { RuleName } from '../vocabulary.js';
import type { CellMetrics } from './metrics-types.js';

/**
 * The reference rule takes the (shots+1)-th `The answer is X` (capital X) of the whole text. Wei-format
 * CSQA exemplars end `So the answer is (e).`, so there it reaches past the model's answer and falls back
 * to a random letter: the headline would be noise.
 */
export function ruleWarnings(metrics: readonly CellMetrics[], rule: RuleName): string[] {
  if (rule !== 'reference' || !metrics.some((m) => m.dataset === 'csqa' && m.format === 'wei')) return [];
  return ["CSQA cells with Wei-format prompts: the reference rule cannot read their answers (the exemplars write 'So the answer is (e).'), so it mostly draws at random; read them with --rule strict or flexible."];
}
