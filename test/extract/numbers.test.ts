// Canonical number text: equal numbers written differently normalise to the same string.
import { describe, expect, it } from 'vitest';
import { normaliseNumber } from '../../src/extract/numbers.js';

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
  ])('%s → %s', (text, expected) => {
    expect(normaliseNumber(text)).toBe(expected);
  });

  it.each(['', '.', '-', 'abc', '1.2.3', '18 dollars', '1e3', '$'])('%j is not a number', (text) => {
    expect(normaliseNumber(text)).toBeNull();
  });
});
