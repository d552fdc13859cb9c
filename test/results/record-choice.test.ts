// The one rule for which record stands for an item.
import { describe, expect, it } from 'vitest';
import { preferRecord } from '../../src/results/record-choice.js';

const answered = (n: number) => ({ n, error: null });
const failed = (n: number) => ({ n, error: { kind: 'server' } });

describe('preferRecord', () => {
  it.each([
    ['nothing kept yet', undefined, answered(1), 1],
    ['an answered over a failed one', failed(1), answered(2), 2],
    ['a failed one never over an answered', answered(1), failed(2), 1],
    ['between two answered, the first', answered(1), answered(2), 1],
    ['between two failed, the first', failed(1), failed(2), 1],
  ])('%s', (_name, kept, candidate, expected) => {
    expect(preferRecord<{ n: number; error: unknown }>(kept, candidate).n).toBe(expected);
  });
});
