// The strict rule: the first `The answer is` followed by an answer, inside the answer block.
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';
import { csqaInput, gsm8kInput } from './helpers.js';

describe('strict rule, gsm8k', () => {
  it.each([
    ['plain', 'He has 18. The answer is 18.', '18', 'The answer is 18'],
    ['inside "So the answer is"', 'So the answer is 18.', '18', 'the answer is 18'],
    ['any case', 'THE ANSWER IS 7', '7', 'THE ANSWER IS 7'],
    ['currency, thousands and decimals', 'The answer is $1,234.50.', '1234.5', 'The answer is $1,234.50'],
    ['currency after a space', 'The answer is $ 18.', '18', 'The answer is $ 18'],
    ['thousands separators', 'The answer is 1,450,000 people.', '1450000', 'The answer is 1,450,000'],
    ['a decimal', 'The answer is 0.5 liters.', '0.5', 'The answer is 0.5'],
    ['trailing zeros', 'The answer is 18.00.', '18', 'The answer is 18.00'],
    ['negative', 'The answer is -3.', '-3', 'The answer is -3'],
    ['unicode minus', 'The answer is \u22123.', '-3', 'The answer is \u22123'],
    ['negative money, sign first', 'The answer is -$3.', '-3', 'The answer is -$3'],
    ['negative money, sign second', 'The answer is $-3.', '-3', 'The answer is $-3'],
    ['units after the number', 'The answer is 18 dollars.', '18', 'The answer is 18'],
    ['a trailing period', 'The answer is 18.', '18', 'The answer is 18'],
    ['markdown bold', 'The answer is **18**.', '18', 'The answer is **18'],
    ['a colon and bold money', 'The answer is: **$1,234**', '1234', 'The answer is: **$1,234'],
    ['on the next line', 'The answer is\n18', '18', 'The answer is\n18'],
    ['a fraction is its value, not its numerator', 'The answer is 3/4 of the cake.', '0.75', 'The answer is 3/4'],
    ['a fraction that is a whole number', 'The answer is 6/2.', '3', 'The answer is 6/2'],
    ['scientific notation', 'The answer is 1e3.', '1000', 'The answer is 1e3'],
    ['letters after the number are a unit, not an exponent', 'The answer is 5eggs.', '5', 'The answer is 5'],
    ['a list reads its first number', 'The answer is 3, 4 and 5.', '3', 'The answer is 3'],
    ['a sentence without a number is skipped', 'The answer is the number of apples. He has 5. The answer is 5.', '5', 'The answer is 5'],
    ['the first answer of several', 'The answer is 20. So the answer is 30.', '20', 'The answer is 20'],
    [
      'a model that invents the next question',
      'The answer is 5.\n\nQ: Tom has 3 pens and buys 4.\nA: The answer is 7.',
      '5',
      'The answer is 5',
    ],
  ])('%s', (_name, answer, expected, matched) => {
    expect(extract('strict', gsm8kInput(answer))).toEqual({ rule: 'strict', answer: expected, fired: 'answer-is', matched, fallback: false });
  });

  it.each([
    ['no answer sentence', 'There are 18 apples.'],
    ['an empty answer', ''],
    ['an answer sentence without a number', 'The answer is eighteen.'],
    ['a negation', "The answer isn't 5."],
    ['a sign separated from the number', 'The answer is - 3.'],
    ['a fraction over zero', 'The answer is 6/0.'],
    ['an answer sentence only in the invented next question', 'He has 4.\n\nQ: Tom has 9 pens.\nA: The answer is 9.'],
    ['the reference prompt\'s spaced next question', 'He has 4.\n\n Q: Tom has 9 pens.\nA: The answer is 9.'],
  ])('no answer: %s', (_name, answer) => {
    expect(extract('strict', gsm8kInput(answer))).toEqual({ rule: 'strict', answer: null, fired: 'none', matched: null, fallback: false });
  });

  it('never reads the prompt', () => {
    expect(extract('strict', gsm8kInput('I do not know.')).answer).toBeNull();
  });
});

describe('strict rule, csqa', () => {
  it.each([
    ['a letter in parentheses', 'The answer is (B).', 'B', 'The answer is (B)'],
    ['a bare lower-case letter ending the sentence', 'The answer is b.', 'B', 'The answer is b'],
    ['a bare lower-case letter ending the line', 'So the answer is d\nsince it rains.', 'D', 'the answer is d'],
    ['a bare lower-case letter with a closing parenthesis', 'The answer is c) inkwell.', 'C', 'The answer is c'],
    ['a lower-case letter in parentheses', 'So the answer is (e).', 'E', 'the answer is (e)'],
    ['a bare letter with a period', 'The answer is B.', 'B', 'The answer is B'],
    ['a bare letter at the end of the text', 'The answer is B', 'B', 'The answer is B'],
    ['a bare letter at the end of a line', 'The answer is B\nBecause of the hens.', 'B', 'The answer is B'],
    ['a bare letter with a comma', 'The answer is B, hen house.', 'B', 'The answer is B'],
    ['a bare letter with a closing parenthesis', 'The answer is B) hen house.', 'B', 'The answer is B'],
    ['a bare letter before its text in parentheses', 'The answer is B (hen house).', 'B', 'The answer is B'],
    ['markdown bold', 'The answer is: **C**', 'C', 'The answer is: **C'],
    ['the article is skipped for a later answer', 'The answer is a bank. So the answer is (C).', 'C', 'the answer is (C)'],
    [
      'a model that invents the next question',
      'The answer is E.\n\nQ: Where?\nA: The answer is A.',
      'E',
      'The answer is E',
    ],
  ])('%s', (_name, answer, expected, matched) => {
    expect(extract('strict', csqaInput(answer))).toEqual({ rule: 'strict', answer: expected, fired: 'answer-is', matched, fallback: false });
  });

  it.each([
    ['the article', 'The answer is a bank.'],
    ['a capital article before a word', 'The answer is A bank.'],
    ['the article ending a cut guidance', 'The answer is a'],
    ['a lower-case letter followed by words', 'The answer is b because of the hens.'],
    ['a lower-case letter in a list', 'The answer is a, b or c.'],
    ['an abbreviation', 'The answer is e.g. a bank.'],
    ['a word starting with a choice letter', 'The answer is Bank.'],
    ['a letter beyond E in parentheses', 'The answer is (F).'],
    ['a bare letter beyond E', 'The answer is F.'],
    ['a choice without the answer sentence', 'I pick (B).'],
    ['no answer at all', 'Hard to say.'],
  ])('no answer: %s', (_name, answer) => {
    expect(extract('strict', csqaInput(answer))).toEqual({ rule: 'strict', answer: null, fired: 'none', matched: null, fallback: false });
  });
});
