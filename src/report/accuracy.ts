// Accuracy of a cell under each rule over its planned items, with Wilson intervals and no-answer counts.
import { RULE_NAMES } from '../extract/types.js';
import { percent } from './arithmetic.js';
import { wilsonInterval } from './statistics.js';
import type { RuleName } from '../extract/types.js';
import type { RuleAccuracy } from './metrics-types.js';
import type { RuleScores } from './rescore.js';

/**
 * `scores` holds one entry per planned item: the item's rule scores, or null when the item failed
 * or is missing. Every planned item is in the denominator; a null entry is simply not correct.
 */
export function ruleAccuracy(scores: ReadonlyArray<RuleScores | null>, rule: RuleName): RuleAccuracy {
  let correct = 0;
  let noAnswer = 0;
  let fallbacks = 0;
  for (const score of scores) {
    if (score === null) continue;
    const extraction = score[rule];
    if (extraction.correct) correct += 1;
    if (extraction.answer === null) noAnswer += 1;
    if (extraction.fallback) fallbacks += 1;
  }
  const total = scores.length;
  const interval = wilsonInterval(correct, total);
  return { correct, total, percent: percent(correct, total), low: 100 * interval.low, high: 100 * interval.high, noAnswer, fallbacks };
}

export function allRuleAccuracy(scores: ReadonlyArray<RuleScores | null>): Record<RuleName, RuleAccuracy> {
  return Object.fromEntries(RULE_NAMES.map((rule) => [rule, ruleAccuracy(scores, rule)])) as Record<RuleName, RuleAccuracy>;
}
