// lm-evaluation-harness's gsm8k-cot filters (strict-match, flexible-extract) and its exact_match normalisation, as Python runs them.
import type { ExtractInput, Extraction } from './types.js';

/**
 * gsm8k-cot's `generation_kwargs.until`: the harness's generation stops at the first of these, so its
 * filters never see what follows. A completion gkt let run on is cut there before filtering.
 */
export const LM_EVAL_UNTIL = ['Q:', '</s>', '<|im_end|>'] as const;

/**
 * `The answer is (\-?[0-9\.\,]+).` — Python's `.` is any character but `\n` (JavaScript's also refuses
 * `\r`, U+2028 and U+2029, hence the class), and `u` makes it one code point, as in Python.
 */
const STRICT = /The answer is (-?[0-9.,]+)[^\n]/gu;
/** `(-?[$0-9.,]{2,})|(-?[0-9]+)`, with `group_select: -1`: the last match. */
const FLEXIBLE = /(-?[$0-9.,]{2,})|(-?[0-9]+)/g;

/** The response as the harness would have received it: cut at the first `until` string. */
export function lmEvalResponse(answer: string): string {
  let end = answer.length;
  for (const stop of LM_EVAL_UNTIL) {
    const at = answer.indexOf(stop);
    if (at !== -1 && at < end) end = at;
  }
  return answer.slice(0, end);
}

/**
 * exact_match's `regexes_to_ignore` in order (`,`, `\$`, `(?s).*#### `, `\.$`), then `ignore_case`.
 * Python's `$` also matches before a final `\n`; `.*#### ` from the start greedily takes all up to the
 * last `#### `. Applied alike to the filtered response and to the gold.
 */
export function lmEvalNormalise(text: string): string {
  return text
    .replaceAll(',', '')
    .replaceAll('$', '')
    .replace(/^[\s\S]*#### /, '')
    .replace(/\.(?=\n?$)/, '')
    .toLowerCase();
}

/**
 * numpy compares the two as fixed-width unicode arrays, where trailing NUL characters are padding.
 * The harness scores an item by this equality alone: `72.0` against a gold of `72` is wrong.
 */
export function isLmEvalCorrect(answer: string | null, gold: string): boolean {
  if (answer === null) return false;
  const unpadded = (text: string) => text.replace(/\0+$/, '');
  return unpadded(answer) === unpadded(lmEvalNormalise(gold));
}

/** Python's findall, then the selected match, then its first non-empty group, stripped. */
function filterMatch(response: string, pattern: RegExp, select: 'first' | 'last'): { value: string; matched: string } | null {
  const matches = [...response.matchAll(pattern)];
  const match = select === 'first' ? matches[0] : matches.at(-1);
  if (match === undefined) return null;
  const group = match.slice(1).find((g) => g !== undefined && g !== '') ?? '';
  return { value: group.trim(), matched: match[0] };
}

function lmEvalRule(rule: 'lm-eval-strict' | 'lm-eval-flexible', input: ExtractInput): Extraction {
  // The harness's gsm8k-cot has no CSQA counterpart: these rules read GSM8K answers only.
  if (input.dataset !== 'gsm8k') return { rule, answer: null, fired: 'none', matched: null, fallback: false };
  const response = lmEvalResponse(input.answer);
  const found = rule === 'lm-eval-strict' ? filterMatch(response, STRICT, 'first') : filterMatch(response, FLEXIBLE, 'last');
  // The harness's fallback `[invalid]` never equals a gold: no answer.
  if (found === null) return { rule, answer: null, fired: 'none', matched: null, fallback: false };
  return { rule, answer: lmEvalNormalise(found.value), fired: rule === 'lm-eval-strict' ? 'answer-is' : 'last-match', matched: found.matched, fallback: false };
}

export const lmEvalStrict = (input: ExtractInput): Extraction => lmEvalRule('lm-eval-strict', input);
export const lmEvalFlexible = (input: ExtractInput): Extraction => lmEvalRule('lm-eval-flexible', input);
