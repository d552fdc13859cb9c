import { describe, expect, it } from 'vitest';
import { idealMakespanMs, serviceMs } from '../../bench/ideal.js';

const model = { slots: 4, overheadMs: 5, prefillMsPerToken: 0.5, decodeMsPerToken: 2 };

describe('serviceMs', () => {
  it('is overhead + prefill of the prompt + decode of the completion', () => {
    expect(serviceMs(model, { promptTokens: 100, completionTokens: 40 })).toBe(5 + 50 + 80);
  });
});

describe('idealMakespanMs', () => {
  it.each([
    ['work spread over the slots', Array.from({ length: 8 }, () => ({ promptTokens: 10, completionTokens: 10 })), (8 * 30) / 4],
    ['uneven items: total work / slots', Array.from({ length: 10 }, (_, i) => ({ promptTokens: 0, completionTokens: 10 * (i + 1) })), (25 + 205) * 5 / 4],
    ['one long item bounds a short phase', [{ promptTokens: 0, completionTokens: 500 }, { promptTokens: 0, completionTokens: 1 }], 1005],
    ['no items', [], 0],
  ])('%s', (_name, items, expected) => {
    expect(idealMakespanMs(model, items)).toBeCloseTo(expected, 9);
  });
});
