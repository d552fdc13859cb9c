// The reference rule: the published GKT code's answer cleansing, bug for bug, with its random draw seeded.
import { createRng, randomInt } from '../util/rng.js';
import { pythonDigitRuns, pythonIntText } from './python-int.js';
import type { ExtractInput, Extraction } from './types.js';

/** The reference code's CSQA fallback draws from four letters, never E; kept as published. */
const CSQA_FALLBACK_LETTERS = ['A', 'B', 'C', 'D'] as const;

/**
 * GSM8K. The whole decoded text (prompt included) is lower-cased and split on `the answer is`. With
 * more than shots+2 pieces the model wrote at least two, and the piece between its first and second
 * gives its first integer (`first-integer`); otherwise the last piece gives its last integer
 * (`last-integer`). Commas and spaces go first, so `1 000` reads 1000, `-3` reads 3 and `2.5` reads 2 or 5.
 */
export function referenceGsm8k(input: ExtractInput): Extraction {
  const pieces = (input.prompt + input.answer).toLowerCase().split('the answer is');
  const first = pieces.length > input.shots + 2;
  const piece = (first ? pieces[input.shots + 1] : pieces[pieces.length - 1]) ?? '';
  const runs = pythonDigitRuns(piece.replaceAll(',', '').replaceAll(' ', ''));
  const run = first ? runs[0] : runs[runs.length - 1];
  if (run === undefined) {
    const drawn = randomInt(createRng(input.fallbackSeed), 0, 100);
    return { rule: 'reference', answer: String(drawn), fired: 'random-fallback', matched: null, fallback: true };
  }
  return {
    rule: 'reference',
    answer: pythonIntText(run),
    fired: first ? 'first-integer' : 'last-integer',
    matched: run,
    fallback: false,
  };
}

/**
 * CSQA. Case-sensitive `The answer is ([A-Z])` over the whole decoded text; the exemplars supply the
 * first `shots` matches, so the model's first is at index `shots` (`answer-is`). Any capital counts,
 * so `The answer is Bank` reads B and `The answer is F` reads F.
 */
export function referenceCsqa(input: ExtractInput): Extraction {
  const matches = [...(input.prompt + input.answer).matchAll(/The answer is ([A-Z])/g)];
  const match = matches[input.shots];
  if (match === undefined) {
    const drawn = CSQA_FALLBACK_LETTERS[randomInt(createRng(input.fallbackSeed), 0, 3)] ?? 'A';
    return { rule: 'reference', answer: drawn, fired: 'random-fallback', matched: null, fallback: true };
  }
  return { rule: 'reference', answer: match[1] ?? null, fired: 'answer-is', matched: match[0], fallback: false };
}

export function reference(input: ExtractInput): Extraction {
  return input.dataset === 'gsm8k' ? referenceGsm8k(input) : referenceCsqa(input);
}
