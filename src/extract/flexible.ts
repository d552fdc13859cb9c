// The flexible rule: strict first; failing that, the last number (GSM8K) or last `(X)` choice (CSQA) in the answer block.
import { answerBlock } from './answer-block.js';
import { NUMBER_SOURCE, normaliseNumber } from './numbers.js';
import { findAnswerIs } from './strict.js';
import type { ExtractInput, Extraction } from './types.js';

/** A number not glued to a word or a decimal point before it, so the 3 of `5-3` is 3, not -3, and `x2` is no number. */
const NUMBER = new RegExp(`(?<![\\w.])${NUMBER_SOURCE}`, 'g');

const PARENTHESISED_CHOICE = /\(([A-Ea-e])\)/g;

function lastMatch(text: string, pattern: RegExp): RegExpMatchArray | undefined {
  let last: RegExpMatchArray | undefined;
  for (const match of text.matchAll(pattern)) last = match;
  return last;
}

/** The last number with a value: a fraction over zero (`6/0`) is passed over, and neither of its parts is read. */
function lastNumber(text: string): { answer: string; matched: string } | null {
  let last: { answer: string; matched: string } | null = null;
  for (const match of text.matchAll(NUMBER)) {
    const answer = normaliseNumber(match[0]);
    if (answer !== null) last = { answer, matched: match[0] };
  }
  return last;
}

export function flexible(input: ExtractInput): Extraction {
  const block = answerBlock(input.answer);
  const found = findAnswerIs(input.dataset, block);
  if (found !== null) return { rule: 'flexible', answer: found.answer, fired: 'answer-is', matched: found.matched, fallback: false };
  if (input.dataset === 'gsm8k') {
    const number = lastNumber(block);
    if (number !== null) return { rule: 'flexible', answer: number.answer, fired: 'last-number', matched: number.matched, fallback: false };
  } else {
    const choice = lastMatch(block, PARENTHESISED_CHOICE);
    if (choice !== undefined) {
      return { rule: 'flexible', answer: (choice[1] ?? '').toUpperCase(), fired: 'last-choice', matched: choice[0], fallback: false };
    }
  }
  return { rule: 'flexible', answer: null, fired: 'none', matched: null, fallback: false };
}
