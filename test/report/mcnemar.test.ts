// The exact McNemar test: two-sided binomial p-values on discordant pairs, checked against exact fractions.
import { describe, expect, it } from 'vitest';
import { binomialHalfCdf, exactMcNemar, pairedMcNemar } from '../../src/report/mcnemar.js';

describe('exactMcNemar', () => {
  it.each([
    // b, c, p = min(1, 2 · P(X ≤ min(b, c))) with X ~ Binomial(b + c, 1/2)
    [0, 0, 1],
    [4, 0, 2 / 16],
    [0, 4, 2 / 16],
    [5, 1, (2 * 7) / 64],
    [10, 2, (2 * 79) / 4096],
    [3, 3, 1],
    [60, 40, 0.05688793364098079],
  ])('b=%i c=%i → p=%f', (b, c, p) => {
    expect(exactMcNemar(b, c).p).toBeCloseTo(p, 12);
  });

  it('stays finite and tiny for a thousand discordant pairs, without underflow to 0 or NaN', () => {
    const { p } = exactMcNemar(700, 300);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-30);
  });

  it('is the Binomial(n, 1/2) distribution function: exact values, symmetry and ends', () => {
    expect(binomialHalfCdf(50, 100)).toBeCloseTo(0.5397946186935892, 12);
    // By symmetry P(X ≤ 49) = P(X ≥ 51) = 1 − P(X ≤ 50).
    expect(binomialHalfCdf(49, 100) + binomialHalfCdf(50, 100)).toBeCloseTo(1, 12);
    expect(binomialHalfCdf(100, 100)).toBe(1);
    expect(binomialHalfCdf(-1, 100)).toBe(0);
  });
});

describe('pairedMcNemar', () => {
  it('pairs items by id and leaves out items only one side has', () => {
    const gkt = new Map([['a', true], ['b', true], ['c', false], ['d', true], ['only-gkt', true]]);
    const alone = new Map([['a', true], ['b', false], ['c', true], ['d', false], ['only-alone', false]]);
    expect(pairedMcNemar(gkt, alone)).toEqual({ n: 4, b: 2, c: 1, p: 1 });
  });
});
