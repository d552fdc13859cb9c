// The reference rule, bug for bug: piece indexing, integer reading, the CSQA regex and the seeded fallback.
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';
import { createRng, randomInt } from '../../src/util/rng.js';
import { csqaInput, gsm8kInput, referencePrompt } from './helpers.js';

// The helpers' prompt holds 2 exemplars, so the prompt alone splits into 3 pieces and the
// first-integer branch needs more than 4: two `the answer is` in the model's answer.
describe('reference rule, gsm8k', () => {
  it.each([
    ['one answer sentence', 'He has 18 apples. The answer is 18.', '18', 'last-integer', '18'],
    ['currency and thousands', 'The answer is $1,234.50.', '50', 'last-integer', '50'],
    ['thousands only', 'The answer is 1,234.', '1234', 'last-integer', '1234'],
    ['a space inside a number', 'The answer is 1 000.', '1000', 'last-integer', '1000'],
    ['spaces join neighbouring numbers', 'The answer is 3 4 5', '345', 'last-integer', '345'],
    ['negative reads as positive', 'The answer is -3.', '3', 'last-integer', '3'],
    ['unicode minus reads as positive', 'The answer is \u22123.', '3', 'last-integer', '3'],
    ['a decimal gives its last digit run', 'The answer is 2.5.', '5', 'last-integer', '5'],
    ['units after the number', 'The answer is 18 dollars.', '18', 'last-integer', '18'],
    ['markdown bold', 'The answer is **18**.', '18', 'last-integer', '18'],
    ['any case', 'THE ANSWER IS 7', '7', 'last-integer', '7'],
    ['leading zeros dropped', 'The answer is 007.', '7', 'last-integer', '007'],
    ['a long integer stays exact', 'The answer is 123456789012345678901234567890.', '123456789012345678901234567890', 'last-integer', '123456789012345678901234567890'],
    ['unicode digits read as Python does', 'The answer is \uff11\uff18.', '18', 'last-integer', '\uff11\uff18'],
    [
      'one answer, then an invented question: the last integer of all of it',
      'The answer is 5.\n\nQ: John has 12 apples.',
      '12',
      'last-integer',
      '12',
    ],
    [
      'two answers (an invented next question): the first integer between them',
      'The answer is 5.\n\nQ: Tom has 3 pens and buys 4.\nA: 3 + 4 = 7. The answer is 7.',
      '5',
      'first-integer',
      '5',
    ],
    ['several answer sentences: first integer after the first', 'The answer is 20 or 30. So the answer is 30.', '20', 'first-integer', '20'],
    ['first integer even when it is a decimal part', 'The answer is $2.50 each. The answer is 5.', '2', 'first-integer', '2'],
    ['no answer sentence: last integer after the last exemplar', 'He has 4 apples and 9 pears.', '9', 'last-integer', '9'],
  ])('%s', (_name, answer, expected, fired, matched) => {
    expect(extract('reference', gsm8kInput(answer))).toEqual({ rule: 'reference', answer: expected, fired, matched, fallback: false });
  });

  it('reads the exemplar answer when the model and the question give no number', () => {
    const prompt = referencePrompt(['6', '5'], 'How many legs does a spider have?');
    expect(extract('reference', gsm8kInput('I am not sure.', { prompt }))).toMatchObject({ answer: '5', fired: 'last-integer' });
  });

  it('falls back to a seeded draw from 0 to 100 when the chosen piece has no digits', () => {
    const input = gsm8kInput('The answer is unknown. The answer is unclear.', { fallbackSeed: 42 });
    const expected = String(randomInt(createRng(42), 0, 100));
    expect(extract('reference', input)).toEqual({ rule: 'reference', answer: expected, fired: 'random-fallback', matched: null, fallback: true });
    expect(extract('reference', input)).toEqual(extract('reference', input));
  });

  it('falls back without any exemplar when nothing has digits', () => {
    const input = gsm8kInput('I do not know.', { prompt: 'Q: How many?\nA: ', shots: 0, fallbackSeed: 7 });
    expect(extract('reference', input)).toMatchObject({ fired: 'random-fallback', fallback: true, answer: String(randomInt(createRng(7), 0, 100)) });
  });

  it('draws every fallback from 0 to 100, reproducibly per seed', () => {
    const draws = Array.from({ length: 2000 }, (_, seed) => extract('reference', gsm8kInput('No idea. The answer is none. The answer is none.', { fallbackSeed: seed })));
    const values = draws.map((draw) => Number(draw.answer));
    expect(draws.every((draw) => draw.fallback && draw.fired === 'random-fallback')).toBe(true);
    expect(values.every((value) => Number.isInteger(value) && value >= 0 && value <= 100)).toBe(true);
    expect(Math.min(...values)).toBe(0);
    expect(Math.max(...values)).toBe(100);
    expect(new Set(values).size).toBe(101);
  });

  it('indexes by shots: with 0 shots the first-integer branch needs two answer sentences', () => {
    const input = gsm8kInput('The answer is 5. The answer is 7.', { prompt: 'Q: How many?\nA: ', shots: 0 });
    expect(extract('reference', input)).toMatchObject({ answer: '5', fired: 'first-integer' });
  });
});

describe('reference rule, csqa', () => {
  it.each([
    ['a letter', 'The answer is B.', 'B', 'The answer is B'],
    ['a capital starting a word reads as its letter', 'The answer is Bank.', 'B', 'The answer is B'],
    ['a letter beyond E is kept', 'The answer is F.', 'F', 'The answer is F'],
    ['the first of the model\'s matches', 'The answer is B.\n\nQ: Where?\nA: The answer is C.', 'B', 'The answer is B'],
    ['after a non-matching sentence', 'The answer is (C). So The answer is D.', 'D', 'The answer is D'],
  ])('%s', (_name, answer, expected, matched) => {
    expect(extract('reference', csqaInput(answer))).toEqual({ rule: 'reference', answer: expected, fired: 'answer-is', matched, fallback: false });
  });

  it.each([
    ['a letter in parentheses', 'The answer is (B).'],
    ['lower-case phrase', 'the answer is B.'],
    ['lower-case letter', 'The answer is b.'],
    ['no answer sentence', 'I cannot tell.'],
  ])('falls back on %s', (_name, answer) => {
    const expected = ['A', 'B', 'C', 'D'][randomInt(createRng(3), 0, 3)];
    expect(extract('reference', csqaInput(answer, { fallbackSeed: 3 }))).toEqual({ rule: 'reference', answer: expected, fired: 'random-fallback', matched: null, fallback: true });
  });

  it('draws fallback letters from A to D only, never E, reproducibly per seed', () => {
    const letters = Array.from({ length: 400 }, (_, seed) => extract('reference', csqaInput('No idea.', { fallbackSeed: seed })).answer);
    expect(new Set(letters)).toEqual(new Set(['A', 'B', 'C', 'D']));
    const again = Array.from({ length: 400 }, (_, seed) => extract('reference', csqaInput('No idea.', { fallbackSeed: seed })).answer);
    expect(again).toEqual(letters);
  });

  it('counts the exemplars: with fewer shots than exemplars it picks an exemplar answer', () => {
    expect(extract('reference', csqaInput('The answer is B.', { shots: 1 }))).toMatchObject({ answer: 'C', fired: 'answer-is' });
  });
});
