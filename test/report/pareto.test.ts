// The Pareto front of accuracy against time: kept are the cells no other cell beats on both.
import { describe, expect, it } from 'vitest';
import { paretoFront } from '../../src/report/figures/pareto.js';

describe('paretoFront', () => {
  it.each([
    ['one point', [{ seconds: 5, acc: 10 }], [true]],
    ['faster and better dominates', [{ seconds: 5, acc: 10 }, { seconds: 4, acc: 20 }], [false, true]],
    ['a trade-off keeps both', [{ seconds: 5, acc: 30 }, { seconds: 4, acc: 20 }], [true, true]],
    ['equal time, better accuracy dominates', [{ seconds: 5, acc: 30 }, { seconds: 5, acc: 20 }], [true, false]],
    ['exact ties both stay', [{ seconds: 5, acc: 30 }, { seconds: 5, acc: 30 }], [true, true]],
    [
      'the paper\'s GSM8K 40→300 cells',
      [
        { seconds: 10304.18, acc: 14.4 }, // Llama2-7B alone
        { seconds: 14215.12, acc: 23.65 }, // Llama2-13B alone
        { seconds: 144018.55, acc: 56.63 }, // Llama2-70B alone
        { seconds: 10871.01, acc: 19.18 }, // Llama2-13B→Llama2-7B
        { seconds: 13440.71, acc: 28.58 }, // Llama2-70B→Llama2-7B
        { seconds: 16250.34, acc: 35.41 }, // Llama2-70B→Llama2-13B
      ],
      [true, false, true, true, true, true],
    ],
  ])('%s', (_name, points, front) => {
    expect(paretoFront(points)).toEqual(front);
  });
});
