// The reference code's correctness: str(int(answer)) == str(gold), so negatives and decimals never match.
import { describe, expect, it } from 'vitest';
import { isReferenceCorrect } from '../../src/score/reference-correct.js';

describe('isReferenceCorrect', () => {
  it.each([
    ['gsm8k', '18', '18', true],
    ['gsm8k', '18', '018', true],
    ['gsm8k', '1450000', '1,450,000', true],
    ['gsm8k', '0', '-0', true],
    ['gsm8k', '3', '-3', false],
    ['gsm8k', '18', '18.0', false],
    ['gsm8k', '2', '2.5', false],
    ['gsm8k', '12345678901234567890', '12345678901234567891', false],
    ['gsm8k', null, '18', false],
    ['csqa', 'B', 'B', true],
    ['csqa', 'b', 'B', false],
    ['csqa', 'C', 'B', false],
    ['csqa', null, 'B', false],
  ] as const)('%s: %j against gold %j → %s', (dataset, answer, gold, correct) => {
    expect(isReferenceCorrect(dataset, answer, gold)).toBe(correct);
  });
});
