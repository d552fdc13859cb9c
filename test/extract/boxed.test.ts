// The boxed rule: the last \boxed{…} of the answer block, nested braces followed, its LaTeX read as plain text.
import { describe, expect, it } from 'vitest';
import { findBoxes, plainLatex } from '../../src/extract/boxed.js';
import { extract } from '../../src/extract/index.js';
import { csqaInput, gsm8kInput } from './helpers.js';

describe('boxed rule, gsm8k', () => {
  it.each([
    ['a plain box', 'So she has $\\boxed{18}$ apples.', '18', '\\boxed{18}'],
    ['the last box of several', 'First \\boxed{5}, then corrected: \\boxed{7}.', '7', '\\boxed{7}'],
    ['money and thousands', 'The total is \\boxed{\\$1,234.50}.', '1234.5', '\\boxed{\\$1,234.50}'],
    ['a thin space as thousands separator', '\\boxed{1\\,000}', '1000', '\\boxed{1\\,000}'],
    ['units in \\text', '\\boxed{18 \\text{ dollars}}', '18', '\\boxed{18 \\text{ dollars}}'],
    ['a number in \\text', '\\boxed{\\text{18}}', '18', '\\boxed{\\text{18}}'],
    ['a fraction is its value', '\\boxed{\\frac{3}{4}}', '0.75', '\\boxed{\\frac{3}{4}}'],
    ['dfrac with nested text', '\\boxed{\\dfrac{\\text{9}}{3}}', '3', '\\boxed{\\dfrac{\\text{9}}{3}}'],
    ['an equation reads its last number', '\\boxed{x = 18}', '18', '\\boxed{x = 18}'],
    ['a negative number', '\\boxed{-4}', '-4', '\\boxed{-4}'],
    ['a percent sign', '\\boxed{25\\%}', '25', '\\boxed{25\\%}'],
    ['spaces before the brace', '\\boxed {42}', '42', '\\boxed {42}'],
    ['fbox', '\\fbox{42}', '42', '\\fbox{42}'],
    ['the brace-less form', 'so \\boxed 42 is it', '42', '\\boxed 42'],
    ['an escaped brace inside', '\\boxed{\\{5\\}}', '5', '\\boxed{\\{5\\}}'],
  ])('%s', (_name, answer, expected, matched) => {
    expect(extract('boxed', gsm8kInput(answer))).toEqual({ rule: 'boxed', answer: expected, fired: 'boxed', matched, fallback: false });
  });

  it.each([
    ['no box', 'The answer is 18.', null],
    ['a box cut off before its closing brace', 'So \\boxed{18', null],
    ['a box holding no number, the last one', '\\boxed{5} or rather \\boxed{\\text{none}}', '\\boxed{\\text{none}}'],
    ['a box only in the invented next question', 'He has 4.\n\nQ: Tom has 9 pens.\nA: \\boxed{9}', null],
  ])('no answer: %s', (_name, answer, matched) => {
    expect(extract('boxed', gsm8kInput(answer))).toEqual({ rule: 'boxed', answer: null, fired: 'none', matched, fallback: false });
  });
});

describe('boxed rule, csqa', () => {
  it.each([
    ['a letter', '\\boxed{B}', 'B'],
    ['a parenthesised lower-case letter', '\\boxed{(c)}', 'C'],
    ['a letter in \\text', '\\boxed{\\text{D}}', 'D'],
    ['a letter then its text', '\\boxed{E: sock}', 'E'],
  ])('%s', (_name, answer, expected) => {
    expect(extract('boxed', csqaInput(answer)).answer).toBe(expected);
  });

  it('reads no word as a letter', () => {
    expect(extract('boxed', csqaInput('\\boxed{bank}')).answer).toBeNull();
    expect(extract('boxed', csqaInput('\\boxed{F}')).answer).toBeNull();
  });
});

describe('findBoxes and plainLatex', () => {
  it('follows nested braces to the box that closes', () => {
    expect(findBoxes('a \\boxed{\\frac{1}{2}} b \\boxed{{3}}')).toEqual([
      { content: '\\frac{1}{2}', matched: '\\boxed{\\frac{1}{2}}' },
      { content: '{3}', matched: '\\boxed{{3}}' },
    ]);
  });

  it('takes wrappers down from the innermost', () => {
    expect(plainLatex('\\text{\\textbf{7}} \\tfrac{1}{4} 90^\\circ \\left( 2 \\right)')).toBe('7 1/4 90 ( 2 )');
  });
});
