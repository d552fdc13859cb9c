import { describe, expect, it } from 'vitest';
import { formatTarget, formatValue, meets, type Figure } from '../../bench/figure.js';

const figure = (value: number, target?: Figure['target']): Figure => ({ id: 'x', group: 'g', label: 'l', value, unit: 'ratio', ...(target ? { target } : {}) });

describe('meets', () => {
  it.each([
    [0.9, { op: '>=', value: 0.85 }, true],
    [0.85, { op: '>=', value: 0.85 }, true],
    [0.84, { op: '>=', value: 0.85 }, false],
    [1.02, { op: '<=', value: 1.02 }, true],
    [1.03, { op: '<=', value: 1.02 }, false],
    [Number.NaN, { op: '<=', value: 1.02 }, false],
    [Number.POSITIVE_INFINITY, { op: '>=', value: 0 }, false],
  ] as const)('%s %j → %s', (value, target, expected) => {
    expect(meets(figure(value, target))).toBe(expected);
  });

  it('has no verdict without a target', () => {
    expect(meets(figure(3))).toBeNull();
  });
});

describe('formatValue', () => {
  it.each([
    [0.12345, 'ratio', '0.123'],
    [40, 'tokens', '40'],
    [17147, 'requests', '17,147'],
    [217.46, 'MB', '217'],
    [11.48, 's', '11.5'],
    [4.2, 'ms', '4.20'],
  ])('%s %s → %s', (value, unit, text) => {
    expect(formatValue(value, unit)).toBe(text);
  });

  it('writes targets with their comparison', () => {
    expect(formatTarget({ op: '>=', value: 0.85 }, 'ratio')).toBe('≥ 0.850');
    expect(formatTarget({ op: '<=', value: 200 }, 'MB')).toBe('≤ 200');
    expect(formatTarget(undefined, 'MB')).toBe('');
  });
});
