// Where in the answer (or the prompt) a rule found what it matched, so a page can highlight it in place (pure).
import { answerBlock } from '../extract/index.js';
import { NUMBER_SOURCE } from '../extract/numbers.js';
import { findAnswerIs } from '../extract/strict.js';
import type { DatasetName } from '../vocabulary.js';
import type { Extraction } from '../extract/types.js';
import type { Span } from './api-types.js';

export interface Located {
  where: 'answer' | 'prompt' | null;
  span: Span | null;
}

const NOWHERE: Located = { where: null, span: null };

function inAnswer(start: number, length: number): Located {
  return { where: 'answer', span: { start, end: start + length } };
}

function occurrences(text: string, part: string): number[] {
  const found: number[] = [];
  if (part === '') return found;
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + 1)) found.push(at);
  return found;
}

/** The first `The answer is …` the strict rule accepts: the phrase must start a word and be followed by an answer. */
function answerIs(dataset: DatasetName, block: string, matched: string): Located {
  for (const at of occurrences(block, matched)) {
    if (at > 0 && /\w/.test(block[at - 1] ?? '')) continue;
    if (findAnswerIs(dataset, block.slice(at))?.matched === matched) return inAnswer(at, matched.length);
  }
  return NOWHERE;
}

/** The last number of the block: not glued to a word or a decimal point before it, and read whole. */
function lastNumber(block: string, matched: string): Located {
  const number = new RegExp(NUMBER_SOURCE, 'y');
  for (const at of occurrences(block, matched).reverse()) {
    if (at > 0 && /[\w.]/.test(block[at - 1] ?? '')) continue;
    number.lastIndex = at;
    if (number.exec(block)?.[0] === matched) return inAnswer(at, matched.length);
  }
  return NOWHERE;
}

/** Prompt and answer as one text; an offset past the prompt is in the answer. */
function split(prompt: string, start: number, end: number): Located {
  if (end <= prompt.length) return { where: 'prompt', span: { start, end } };
  return { where: 'answer', span: { start: Math.max(0, start - prompt.length), end: end - prompt.length } };
}

/**
 * The reference rule on GSM8K: the piece of the lower-cased prompt + answer it reads, split on
 * `the answer is`, with commas and spaces taken out before digits are read; the span covers them.
 */
function referenceInteger(prompt: string, answer: string, shots: number, first: boolean): Located {
  const whole = prompt + answer;
  const lower = whole.toLowerCase();
  // A few characters change length when lower-cased; offsets would then drift.
  if (lower.length !== whole.length) return NOWHERE;
  const phrase = 'the answer is';
  const pieces = lower.split(phrase);
  const index = first ? shots + 1 : pieces.length - 1;
  let start = 0;
  for (let i = 0; i < index; i += 1) start += (pieces[i]?.length ?? 0) + phrase.length;
  const piece = pieces[index] ?? '';
  const kept: number[] = [];
  let cleaned = '';
  for (let i = 0; i < piece.length; i += 1) {
    const char = piece[i];
    if (char === ',' || char === ' ') continue;
    kept.push(i);
    cleaned += char;
  }
  const runs = [...cleaned.matchAll(/\p{Nd}+/gu)];
  const run = first ? runs[0] : runs[runs.length - 1];
  if (run === undefined) return NOWHERE;
  const from = kept[run.index] ?? 0;
  const to = (kept[run.index + run[0].length - 1] ?? from) + 1;
  return split(prompt, start + from, start + to);
}

/** The reference rule on CSQA: the (shots+1)-th `The answer is X` over prompt and answer. */
function referenceChoice(prompt: string, answer: string, shots: number): Located {
  const match = [...(prompt + answer).matchAll(/The answer is ([A-Z])/g)][shots];
  if (match === undefined) return NOWHERE;
  return split(prompt, match.index, match.index + match[0].length);
}

/**
 * `prompt` is what precedes the answer when it is scored (exemplars, question, `A: `); null when the
 * run folder lacks the prompt file, and then the reference rule's match is sought in the answer alone.
 */
export function locateMatch(dataset: DatasetName, extraction: Extraction, answer: string, prompt: string | null, shots: number): Located {
  const { matched, fired } = extraction;
  if (matched === null) return NOWHERE;
  if (extraction.rule === 'reference') {
    if (prompt !== null) {
      if (dataset === 'gsm8k') return referenceInteger(prompt, answer, shots, fired === 'first-integer');
      return referenceChoice(prompt, answer, shots);
    }
    const at = answer.indexOf(matched);
    return at === -1 ? NOWHERE : inAnswer(at, matched.length);
  }
  const block = answerBlock(answer);
  if (fired === 'answer-is') return answerIs(dataset, block, matched);
  if (fired === 'last-number') return lastNumber(block, matched);
  const at = block.lastIndexOf(matched);
  return at === -1 ? NOWHERE : inAnswer(at, matched.length);
}
