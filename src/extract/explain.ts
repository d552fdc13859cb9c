// Plain words for how each rule reached its answer, so `gkt extract` can say it, not only name it.
import type { DatasetName, RuleName } from '../vocabulary.js';

/** What strict and flexible look for after `The answer is`. */
const ANSWER_KIND: Record<DatasetName, string> = { gsm8k: 'a number', csqa: 'a choice letter' };

/**
 * One sentence for a rule's `fired` value: where it looked and what it took. `shots` matters to the
 * reference rule, which counts the exemplars' own answer sentences in the prompt.
 */
export function explainFired(dataset: DatasetName, rule: RuleName, fired: string, shots: number): string {
  const answerIs = `the first "The answer is" followed by ${ANSWER_KIND[dataset]}, in the answer block`;
  if (rule === 'reference') {
    switch (fired) {
      case 'first-integer':
        return `the first integer after the completion's first "the answer is" (the prompt and completion, lower-cased, split into more than ${shots + 2} pieces on "the answer is"; commas and spaces removed, digits only)`;
      case 'last-integer':
        return `the last integer after the last "the answer is" in the prompt and completion (at most ${shots + 2} pieces; commas and spaces removed, digits only)`;
      case 'answer-is':
        return `match ${shots + 1} of "The answer is [A-Z]" (case-sensitive) in the prompt and completion; the exemplars supply the first ${shots}`;
      case 'random-fallback':
        return dataset === 'gsm8k'
          ? 'no integer where the reference code looks, so a seeded random integer from 0 to 100, as the reference code draws one'
          : `fewer than ${shots + 1} matches of "The answer is [A-Z]", so a seeded random letter from A to D (never E), as the reference code draws one`;
    }
  }
  const newer = explainNewer(dataset, rule, fired);
  if (newer !== null) return newer;
  switch (fired) {
    case 'answer-is':
      return answerIs;
    case 'none':
      return rule === 'strict'
        ? `no "The answer is" followed by ${ANSWER_KIND[dataset]} in the answer block`
        : `no "The answer is" followed by ${ANSWER_KIND[dataset]}, and no ${dataset === 'gsm8k' ? 'number' : '(X) choice'} at all, in the answer block`;
    case 'last-number':
      return 'no "The answer is" followed by a number, so the last number in the answer block';
    case 'last-choice':
      return 'no "The answer is" followed by a choice letter, so the last (X) choice in the answer block';
    case 'teacher-failed':
      return 'the teacher request failed, so there is no answer (counted wrong)';
    case 'request-failed':
      return 'the request failed, so there is no answer (counted wrong)';
  }
  return fired;
}

/** The rules for today's answer formats and lm-evaluation-harness's gsm8k-cot filters. */
function explainNewer(dataset: DatasetName, rule: RuleName, fired: string): string | null {
  if (rule.startsWith('lm-eval') && dataset !== 'gsm8k') {
    return `lm-evaluation-harness's gsm8k-cot filters read GSM8K answers only; nothing is read on ${dataset}`;
  }
  const what = ANSWER_KIND[dataset];
  const until = 'in the completion up to the first "Q:", "</s>" or "<|im_end|>" (where the harness stops generating)';
  const normalised = 'then commas, "$", everything up to a last "#### " and one final "." removed, and lower-cased, as exact_match does';
  switch (`${rule} ${fired}`) {
    case 'boxed boxed':
      return `the last \\boxed{…} in the answer block (nested braces followed), read as ${what} after its LaTeX (\\text, \\frac, \\$, \\,) is taken down to plain text`;
    case 'boxed none':
      return `no \\boxed{…} holding ${what} in the answer block (when the last box holds none, it is shown as matched)`;
    case '#### marker':
      return `the first "####" in the answer block followed by ${what} (GSM8K's own answer line)`;
    case '#### none':
      return `no "####" followed by ${what} in the answer block`;
    case 'lm-eval-strict answer-is':
      return `the first match of "The answer is (\\-?[0-9\\.\\,]+)." ${until}, ${normalised}`;
    case 'lm-eval-strict none':
      return `no match of "The answer is (\\-?[0-9\\.\\,]+)." ${until}: the harness's "[invalid]"`;
    case 'lm-eval-flexible last-match':
      return `the last match of "(-?[$0-9.,]{2,})|(-?[0-9]+)" ${until}, ${normalised}`;
    case 'lm-eval-flexible none':
      return `no number at all ${until}: the harness's "[invalid]"`;
  }
  return null;
}
