// lm-evaluation-harness's gsm8k-cot filters and exact_match, on cases whose Python result was worked out by hand.
import { describe, expect, it } from 'vitest';
import { explainFired } from '../../src/extract/explain.js';
import { extract } from '../../src/extract/index.js';
import { isLmEvalCorrect, lmEvalNormalise, lmEvalResponse } from '../../src/extract/lm-eval.js';
import { scoreAll } from '../../src/score/score.js';
import { csqaInput, gsm8kInput } from './helpers.js';

describe('lm-eval-strict', () => {
  it.each([
    ['the sentence with its period', 'So 3 + 4 = 7. The answer is 7.', '7', 'The answer is 7.'],
    ['a number at the very end loses its last digit to the final "."', 'The answer is 18', '1', 'The answer is 18'],
    ['money is not read ($ is not in the class)', 'The answer is $18.', null, null],
    ['thousands kept, then removed by normalisation', 'The answer is 1,234 apples', '1234', 'The answer is 1,234 '],
    ['a decimal with a trailing period', 'The answer is 2.5.\n', '2.5', 'The answer is 2.5.'],
    ['the first of several (its "." takes the space)', 'The answer is 5. The answer is 6.', '5', 'The answer is 5. '],
    ['case matters', 'the answer is 5.', null, null],
    ['a newline cannot be the final "."', 'The answer is 42\n', '4', 'The answer is 42'],
    ['a carriage return can', 'The answer is 42\r\n', '42', 'The answer is 42\r'],
    ['nothing after the generation would have stopped at Q:', 'It is 5.\nQ: next\nA: The answer is 9.', null, null],
  ])('%s', (_name, answer, expected, matched) => {
    const result = extract('lm-eval-strict', gsm8kInput(answer));
    expect(result).toEqual({ rule: 'lm-eval-strict', answer: expected, fired: expected === null ? 'none' : 'answer-is', matched, fallback: false });
  });
});

describe('lm-eval-flexible', () => {
  it.each([
    ['the last number', 'She has 3 + 4 = 7 apples.', '7', '7'],
    ['a two-character run of the class wins over a lone digit', 'It is $5, so 7', '7', '7'],
    ['money and a final period', 'He pays $1,234.50.', '1234.50', '$1,234.50.'],
    ['a lone period pair is a match too', 'Done..', '.', '..'],
    ['a negative', 'Change: -12', '-12', '-12'],
    ['only up to the stop', 'It is 5.\n\nQ: Tom has 9 pens.', '5', '5.'],
    ['</s> stops too', 'It is 8</s> then 9', '8', '8'],
    ['a #### line', 'Total 72.\n#### 72', '72', '72'],
  ])('%s', (_name, answer, expected, matched) => {
    const result = extract('lm-eval-flexible', gsm8kInput(answer));
    expect(result).toEqual({ rule: 'lm-eval-flexible', answer: expected, fired: 'last-match', matched, fallback: false });
  });

  it('finds nothing without a digit or a two-character run', () => {
    expect(extract('lm-eval-flexible', gsm8kInput('No idea.'))).toMatchObject({ answer: null, fired: 'none', matched: null });
  });
});

describe('exact_match as the harness scores it', () => {
  it.each([
    ['18', '18'],
    ['$1,234.50', '1234.50'],
    ['The total is #### 5', '5'],
    ['a #### 1 #### 2', '2'],
    ['18.', '18'],
    ['18..', '18.'],
    ['18.\n', '18\n'],
    ['ABC', 'abc'],
  ])('normalises %j to %j', (text, expected) => {
    expect(lmEvalNormalise(text)).toBe(expected);
  });

  it('compares strings: 72.0 is not 72, a comma or a final period does not matter', () => {
    expect(isLmEvalCorrect('72', '72')).toBe(true);
    expect(isLmEvalCorrect(lmEvalNormalise('7,2.'), '72')).toBe(true);
    expect(isLmEvalCorrect('72.0', '72')).toBe(false);
    expect(isLmEvalCorrect(null, '72')).toBe(false);
    expect(isLmEvalCorrect('72\0', '72')).toBe(true);
  });

  it('scores each rule by its own judgement', () => {
    const scored = scoreAll(gsm8kInput('The answer is 72.0 dollars'), '72');
    expect(scored.strict.correct).toBe(true);
    expect(scored['lm-eval-strict']).toMatchObject({ answer: '72.0', correct: false });
  });

  it('cuts the response at the first stop string of any kind', () => {
    expect(lmEvalResponse('a<|im_end|>b Q: c')).toBe('a');
    expect(lmEvalResponse('no stop')).toBe('no stop');
  });

  it('reads nothing on csqa, which the harness does not score with these filters', () => {
    expect(extract('lm-eval-strict', csqaInput('The answer is B.'))).toMatchObject({ answer: null, fired: 'none' });
    expect(extract('lm-eval-flexible', csqaInput('(B)'))).toMatchObject({ answer: null, fired: 'none' });
    expect(explainFired('csqa', 'lm-eval-flexible', 'none', 7)).toContain('GSM8K answers only');
  });
});
