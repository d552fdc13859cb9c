// Which rules' accuracies a table shows beside the headline: the paper's three, and today's formats where chat models ran.
import { RULE_NAMES, type RuleName } from '../vocabulary.js';
import type { CellMetrics } from './metrics-types.js';

/** The rules of the paper's setup (base models, few-shot prompts). */
export const PAPER_RULES: readonly RuleName[] = ['reference', 'strict', 'flexible'];

/**
 * Base-model runs read as the paper's tables do; a run in which any model spoke through a chat template
 * also shows `boxed`, `####` and the lm-eval rules, which is how instruct and reasoning models answer and
 * are compared. The headline rule is always among them. The per-cell table shows every rule regardless.
 */
export function shownRules(metrics: readonly CellMetrics[], headline: RuleName): RuleName[] {
  const chat = metrics.some((m) => m.chat);
  return RULE_NAMES.filter((rule) => rule === headline || PAPER_RULES.includes(rule) || chat);
}
