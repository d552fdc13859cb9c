import { describe, expect, it } from 'vitest';
import { syntheticGsm8k } from '../../bench/synthetic-gsm8k.js';
import { parseDataset } from '../../src/datasets/load.js';

describe('syntheticGsm8k', () => {
  const records = syntheticGsm8k(1319, 8);

  it('is a GSM8K test file as gkt reads it: 1319 items, each gold the number after ####', () => {
    const text = records.map((r) => JSON.stringify(r)).join('\n');
    const items = parseDataset('gsm8k', 'synthetic.jsonl', text);
    expect(items).toHaveLength(1319);
    items.forEach((item, i) => expect(item.gold).toBe(/#### (\d+)$/.exec(records[i]!.answer)![1]));
  });

  it('asks no question twice, since the simulator finds items by their text', () => {
    expect(new Set(records.map((r) => r.question)).size).toBe(records.length);
  });

  it('works every step out right: each <<a op b=c>> note holds, and the last result is the gold', () => {
    for (const { answer } of records) {
      const notes = [...answer.matchAll(/<<(\d+)([-+*])(\d+)=(\d+)>>/g)];
      expect(notes.length).toBeGreaterThan(0);
      for (const [, a, op, b, c] of notes) {
        const [x, y] = [Number(a), Number(b)];
        expect(op === '+' ? x + y : op === '-' ? x - y : x * y).toBe(Number(c));
      }
      expect(notes.at(-1)![4]).toBe(/#### (\d+)$/.exec(answer)![1]);
    }
  });

  it('gives no negative answers and the same records for the same seed', () => {
    expect(records.every((r) => !/#### -/.test(r.answer))).toBe(true);
    expect(syntheticGsm8k(50, 8)).toEqual(records.slice(0, 50));
    expect(syntheticGsm8k(50, 9)).not.toEqual(records.slice(0, 50));
  });
});
