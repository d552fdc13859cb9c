// Accuracy of a cell under each rule over its planned items, counted as the records stream past, with Wilson intervals.
import { RULE_NAMES, type RuleName } from '../vocabulary.js';
import { percent } from './arithmetic.js';
import { wilsonInterval } from './statistics.js';
import type { ScoredExtraction } from '../extract/types.js';
import type { RuleAccuracy } from './metrics-types.js';

interface Counts {
  correct: number;
  noAnswer: number;
  fallbacks: number;
}

/** Counts per rule over the items that have scores; every planned item is in the denominator all the same. */
export class AccuracyTally {
  private readonly counts = Object.fromEntries(RULE_NAMES.map((rule) => [rule, { correct: 0, noAnswer: 0, fallbacks: 0 }])) as Record<RuleName, Counts>;

  /** One item's scores; a rule they lack (stored by a gkt that did not have it) found no answer. */
  add(scores: Partial<Record<RuleName, ScoredExtraction>>): void {
    for (const rule of RULE_NAMES) {
      const extraction = scores[rule];
      const counts = this.counts[rule];
      if (extraction?.correct) counts.correct += 1;
      if (extraction === undefined || extraction.answer === null) counts.noAnswer += 1;
      if (extraction?.fallback) counts.fallbacks += 1;
    }
  }

  /** `total`: the planned items; a failed or missing item is simply not correct. */
  accuracy(total: number): Record<RuleName, RuleAccuracy> {
    return Object.fromEntries(RULE_NAMES.map((rule) => [rule, ruleAccuracy(this.counts[rule], total)])) as Record<RuleName, RuleAccuracy>;
  }
}

function ruleAccuracy({ correct, noAnswer, fallbacks }: Counts, total: number): RuleAccuracy {
  const interval = wilsonInterval(correct, total);
  return { correct, total, percent: percent(correct, total), low: 100 * interval.low, high: 100 * interval.high, noAnswer, fallbacks };
}
