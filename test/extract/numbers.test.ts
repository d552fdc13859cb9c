// Canonical number text: equal numbers written differently (`0.750`, `3/4`, `7.5e-1`) normalise to the same string.
import { describe, expect, it } from 'vitest';
import { normaliseNumber } from '../../src/extract/numbers.js';
import { rationalText } from '../../src/extract/rational.js';
import { rationalText as oracleRationalText } from './oracle.js';

describe('normaliseNumber', () => {
  it.each([
    ['18', '18'],
    ['18.00', '18'],
    ['18.0', '18'],
    ['018', '18'],
    ['$1,234.50', '1234.5'],
    ['1,450,000', '1450000'],
    ['-3', '-3'],
    ['\u22123', '-3'],
    ['$-3', '-3'],
    ['-$3', '-3'],
    ['+7', '7'],
    ['-0', '0'],
    ['-0.00', '0'],
    ['.5', '0.5'],
    ['0.50', '0.5'],
    ['18.', '18'],
    [' 42 ', '42'],
    ['123456789012345678901234567890.10', '123456789012345678901234567890.1'],
    ['3/4', '0.75'],
    ['-3/4', '-0.75'],
    ['6/2', '3'],
    ['2/6', '1/3'],
    ['1/3', '1/3'],
    ['1,000/8', '125'],
    ['1e3', '1000'],
    ['1.5E3', '1500'],
    ['2e-1', '0.2'],
    ['-4.5e+2', '-450'],
    ['1/1024', '0.0009765625'],
    ['7/3125', '0.00224'],
  ])('%s → %s', (text, expected) => {
    expect(normaliseNumber(text)).toBe(expected);
  });

  it.each(['', '.', '-', 'abc', '1.2.3', '18 dollars', '$', '3/0', '1/', '/4', '1e', '1e5000', '3/4/5'])('%j is not a number', (text) => {
    expect(normaliseNumber(text)).toBeNull();
  });
});

describe('rationalText', () => {
  it('spells every fraction as the oracle does: the terminating decimal, else the reduced fraction', () => {
    const differ: string[] = [];
    for (let top = -60; top <= 60; top += 1) {
      for (let bottom = 1; bottom <= 80; bottom += 1) {
        const ours = rationalText(BigInt(top), BigInt(bottom));
        const theirs = oracleRationalText(BigInt(top), BigInt(bottom));
        if (ours !== theirs) differ.push(`${top}/${bottom}: ${ours} vs ${theirs}`);
      }
    }
    expect(differ).toEqual([]);
  });

  it.each([
    [3n, 4n, '0.75'],
    [-6n, 4n, '-1.5'],
    [2n, 6n, '1/3'],
    [-22n, 7n, '-22/7'],
    [0n, 9n, '0'],
    [10n ** 30n + 1n, 10n, '100000000000000000000000000000.1'],
  ])('%s/%s → %s', (top, bottom, expected) => {
    expect(rationalText(top, bottom)).toBe(expected);
  });
});
