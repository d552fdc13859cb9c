// The flexible rule: strict when it finds an answer, else the last number or `(X)` choice in the answer block.
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';
import { csqaInput, gsm8kInput } from './helpers.js';

describe('flexible rule, gsm8k', () => {
  it.each([
    ['strict first', 'The answer is 5. Then 6 more.', '5', 'answer-is', 'The answer is 5'],
    ['the last number', 'There are 18 apples left.', '18', 'last-number', '18'],
    ['currency, thousands and decimals', 'He pays $1,234.50 in total.', '1234.5', 'last-number', '$1,234.50'],
    ['a trailing period', 'It costs 3.5.', '3.5', 'last-number', '3.5'],
    ['units', 'So 5 x 3 = 15 dollars.', '15', 'last-number', '15'],
    ['a negative result', '5 - 8 = -3', '-3', 'last-number', '-3'],
    ['a unicode minus', 'The change is \u22124 degrees', '-4', 'last-number', '\u22124'],
    ['a minus between numbers is not a sign', 'He has 10-3', '3', 'last-number', '3'],
    ['markdown bold', 'Total: **42**', '42', 'last-number', '42'],
    ['a fraction', 'He ate 3/4 of it', '0.75', 'last-number', '3/4'],
    ['a fraction over zero is passed over', 'It is 7, not 6/0.', '7', 'last-number', '7'],
    ['scientific notation', 'That is 2.5e3', '2500', 'last-number', '2.5e3'],
    ['trailing zeros', 'Each costs $2.00', '2', 'last-number', '$2.00'],
    ['an answer sentence without a number falls through', 'The answer is eighteen, or 18.', '18', 'last-number', '18'],
    [
      'a model that invents the next question',
      'He has 4.\n\nQ: Tom has 9 pens.\nA: The answer is 9.',
      '4',
      'last-number',
      '4',
    ],
    [
      'strict wins inside the block, not after it',
      'The answer is 5.\n\nQ: Tom has 3 pens and buys 4.\nA: The answer is 7.',
      '5',
      'answer-is',
      'The answer is 5',
    ],
  ])('%s', (_name, answer, expected, fired, matched) => {
    expect(extract('flexible', gsm8kInput(answer))).toEqual({ rule: 'flexible', answer: expected, fired, matched, fallback: false });
  });

  it.each([
    ['no number at all', 'I do not know.'],
    ['a number glued to a word', 'Use formula x2 here.'],
    ['numbers only in the invented next question', 'Unsure.\nQ: Tom has 9 pens.'],
  ])('no answer: %s', (_name, answer) => {
    expect(extract('flexible', gsm8kInput(answer))).toEqual({ rule: 'flexible', answer: null, fired: 'none', matched: null, fallback: false });
  });
});

describe('flexible rule, csqa', () => {
  it.each([
    ['strict first', 'The answer is B. Not (C).', 'B', 'answer-is', 'The answer is B'],
    ['the last choice in parentheses', 'Of the choices, (a) is wrong and (c) natural habitat fits.', 'C', 'last-choice', '(c)'],
    ['upper-case', '(A) no, (D) yes', 'D', 'last-choice', '(D)'],
    ['after the article trap', 'The answer is a bank (B).', 'B', 'last-choice', '(B)'],
    ['letters beyond E are skipped', '(B) maybe, (F) no', 'B', 'last-choice', '(B)'],
  ])('%s', (_name, answer, expected, fired, matched) => {
    expect(extract('flexible', csqaInput(answer))).toEqual({ rule: 'flexible', answer: expected, fired, matched, fallback: false });
  });

  it.each([
    ['a bare letter without the answer sentence', 'I pick B.'],
    ['a letter beyond E only', 'I pick (F).'],
    ['choices only in the invented next question', 'Unsure.\n\nQ: Where? (A) home (B) work'],
  ])('no answer: %s', (_name, answer) => {
    expect(extract('flexible', csqaInput(answer))).toEqual({ rule: 'flexible', answer: null, fired: 'none', matched: null, fallback: false });
  });
});
