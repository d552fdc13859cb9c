// Number formatting and table values as every renderer prints them.
import { describe, expect, it } from 'vitest';
import { costDigits, fixed, formatP } from '../../src/report/format.js';
import { DASH, interval, markLegend, num, text, valueText } from '../../src/report/tables/model.js';
import type { Table } from '../../src/report/tables/model.js';

describe('fixed and the paper\'s column formats', () => {
  it.each([
    [fixed(19.175, 2), '19.18'],
    [fixed(-0.001, 2), '0.00'],
    [fixed(-0.25, 2), '-0.25'],
    [valueText(num(14215.12 / 10871.01, 2, { unit: '×' })), '1.31×'],
    [valueText(num(null, 2, { unit: '×' })), '–'],
    [valueText(num(19.18 - 14.4, 2)), '4.78'],
    [valueText(num(20.63 - 20.88, 2)), '-0.25'],
    [formatP(1), '1.0000'],
    [formatP(0.0386), '0.0386'],
    [formatP(0.000512), '0.000512'],
    [formatP(2e-9), '<0.0001'],
    [formatP(null), '–'],
    [valueText(num(12.3456, costDigits(12.3456))), '12.35'],
    [valueText(num(0.0123, costDigits(0.0123))), '0.0123'],
    [valueText(num(0.0000734, costDigits(0.0000734))), '0.000073'],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected);
  });

  it.each([[null, 2], [0, 2], [3.5, 2], [0.5, 4], [0.001, 6]])('cost digits of %s: %i', (value, digits) => {
    expect(costDigits(value)).toBe(digits);
  });
});

describe('valueText', () => {
  it.each([
    [num(19.18, 2), '19.18'],
    [num(1.3076, 2, { unit: '×' }), '1.31×'],
    [num(1.3076, 2, { unit: '×', sd: 0.042 }), '1.31 ± 0.04×'],
    [num(19.22, 2, { sd: 0.0566 }), '19.22 ± 0.06'],
    [num(null, 2, { marks: ['incomplete'] }), '–*'],
    [num(0.7, 2, { marks: ['derived', 'cached', 'derived'] }), '0.70†§'],
    [interval(13.68, 69.43, 1), '[13.7, 69.4]'],
    [text('Llama2-13B→Llama2-7B', ['simulated']), 'Llama2-13B→Llama2-7B~'],
    [DASH, '–'],
  ])('%j → %s', (value, expected) => {
    expect(valueText(value)).toBe(expected);
  });

  it('lists each mark a table uses once, in legend order', () => {
    const table: Table = {
      id: 't', title: 'T', caption: '', context: '', notes: [],
      columns: [{ key: 'a', header: 'A', numeric: true }],
      rows: [
        { kind: 'data', values: { a: num(1, 0, { marks: ['errors', 'simulated'] }) } },
        { kind: 'data', values: { a: num(1, 0, { marks: ['simulated'] }) } },
      ],
    };
    expect(markLegend(table).map((line) => line.slice(0, 1))).toEqual(['~', '!']);
  });
});
