// Wilson intervals, mean and sample sd, and type-7 percentiles against published and textbook values.
import { describe, expect, it } from 'vitest';
import { mean, quantile, sampleSd, wilsonInterval } from '../../src/report/statistics.js';

describe('wilsonInterval', () => {
  // Newcombe (1998), Statistics in Medicine 17:857–872, Table I, method 3 (score interval without continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i → [%f, %f]', (successes, trials, low, high) => {
    const interval = wilsonInterval(successes, trials);
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });

  it('stays inside [0, 1] at 0% and 100%, and is symmetric about one half', () => {
    expect(wilsonInterval(29, 29).high).toBe(1);
    expect(wilsonInterval(0, 29).low).toBe(0);
    const half = wilsonInterval(5, 10);
    expect(half.low + half.high).toBeCloseTo(1, 12);
  });

  it('gives the whole range when there are no trials', () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });
});

describe('mean and sampleSd', () => {
  it.each([
    [[2, 4, 4, 4, 5, 5, 7, 9], 5, 2.13809],
    [[19.18, 19.26], 19.22, 0.05657],
    [[1, 1, 1], 1, 0],
  ])('%j → mean %f, sd %f', (values, m, sd) => {
    expect(mean(values)).toBeCloseTo(m, 10);
    expect(sampleSd(values)).toBeCloseTo(sd, 5);
  });

  it('has no mean of nothing and no sd below two values', () => {
    expect(mean([])).toBeNull();
    expect(sampleSd([3])).toBeNull();
  });
});

describe('quantile (linear interpolation, numpy and R default)', () => {
  it.each([
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4], 0.9, 3.7],
    [[1, 2, 3, 4], 0.99, 3.97],
    [[40, 15, 35, 20, 50], 0.5, 35],
    [[40, 15, 35, 20, 50], 0.9, 46],
    [[40, 15, 35, 20, 50], 0.99, 49.6],
    [[7], 0.99, 7],
    [[3, 1, 2], 0, 1],
    [[3, 1, 2], 1, 3],
  ])('%j at %f → %f', (values, q, expected) => {
    expect(quantile(values, q)).toBeCloseTo(expected, 10);
  });

  it('has no quantile of nothing and leaves its input unsorted', () => {
    const values = [3, 1, 2];
    expect(quantile([], 0.5)).toBeNull();
    quantile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });
});
