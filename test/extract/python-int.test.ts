// Python's \d and int(): any Unicode decimal digit, exact at any length, leading zeros dropped.
import { describe, expect, it } from 'vitest';
import { pythonDigitRuns, pythonIntText } from '../../src/extract/python-int.js';

describe('pythonDigitRuns', () => {
  it.each([
    ['a1b22c333', ['1', '22', '333']],
    ['-3 and 2.5', ['3', '2', '5']],
    ['no digits', []],
    ['\u0661\u0662 apples', ['\u0661\u0662']],
  ])('%j', (text, runs) => {
    expect(pythonDigitRuns(text)).toEqual(runs);
  });
});

describe('pythonIntText', () => {
  it.each([
    ['18', '18'],
    ['007', '7'],
    ['000', '0'],
    ['123456789012345678901234567890', '123456789012345678901234567890'],
    ['\u0661\u0662', '12'],
    ['\uff11\uff18', '18'],
    ['\u0967\u0966', '10'],
    ['\u{1d7d9}\u{1d7e0}', '18'],
    ['\u{1d7f6}', '0'],
    ['1\u0663', '13'],
  ])('int(%j) prints %s', (run, text) => {
    expect(pythonIntText(run)).toBe(text);
  });
});
