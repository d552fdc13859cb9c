// The strict rule: the first `The answer is` in the answer block that is followed by an answer.
import { answerBlock } from './answer-block.js';
import { NUMBER_SOURCE, normaliseNumber } from './numbers.js';
import type { DatasetName } from '../vocabulary.js';
import type { ExtractInput, Extraction } from './types.js';

/** Any case, so `So the answer is` and `THE ANSWER IS` count too. */
const ANSWER_IS = /\bthe\s+answer\s+is/gi;

/** After the phrase: white space, `:`, markdown `**` and `$`, then a number; what follows it (units, a period) is ignored. */
const NUMBER_AFTER = `[\\s:*$]*(${NUMBER_SOURCE})`;

/**
 * After the phrase: a choice letter standing alone. `(B)` or `(b)`; or a bare capital A–E followed by
 * punctuation, the end of the line, or a parenthesis (`B.`, `B,`, `B)`, `**B**`, `B (hen house)`); or
 * a bare lower-case a–e that ends a sentence or a line (`b.`, `b)`, `b` then a line break), as models
 * write after prompts with lower-case labels. So the article in `The answer is a bank` is not a choice,
 * nor `e.g.`, nor the capital starting a word (`The answer is Bank`), nor a letter after E. A lower-case
 * letter at the very end of the text does not count either: guidance cut at N tokens can end in
 * `The answer is a` where the next token was ` bank`.
 */
const CHOICE_AFTER =
  /[\s:*]*(?:\(([A-Ea-e])\)|([A-E])(?=[.,;:!?)*]|[ \t]*(?:\r?\n|$)|\s+\()|([a-e])(?=[.!?](?:\s|$)|[)*]|[ \t]*\r?\n))/.source;

export interface AnswerIsMatch {
  answer: string;
  matched: string;
}

/** Occurrences of the phrase not followed by an answer are skipped; the first that is gives the answer. */
export function findAnswerIs(dataset: DatasetName, block: string): AnswerIsMatch | null {
  // Sticky, so the answer must start right where the phrase ends.
  const after = new RegExp(dataset === 'gsm8k' ? NUMBER_AFTER : CHOICE_AFTER, 'y');
  for (const phrase of block.matchAll(ANSWER_IS)) {
    after.lastIndex = phrase.index + phrase[0].length;
    const found = after.exec(block);
    if (found === null) continue;
    const answer = dataset === 'gsm8k' ? normaliseNumber(found[1] ?? '') : (found[1] ?? found[2] ?? found[3] ?? null)?.toUpperCase() ?? null;
    if (answer === null) continue;
    return { answer, matched: block.slice(phrase.index, after.lastIndex) };
  }
  return null;
}

export function strict(input: ExtractInput): Extraction {
  const found = findAnswerIs(input.dataset, answerBlock(input.answer));
  if (found === null) return { rule: 'strict', answer: null, fired: 'none', matched: null, fallback: false };
  return { rule: 'strict', answer: found.answer, fired: 'answer-is', matched: found.matched, fallback: false };
}
