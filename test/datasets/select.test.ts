// Item selection: limits and samples of the file, split by shards that are disjoint and cover them; bad selections refused.
import { describe, expect, it } from 'vitest';
import { selectItems } from '../../src/datasets/select.js';
import type { Item, Selection } from '../../src/datasets/types.js';
import { UsageError } from '../../src/util/errors.js';

const items: Item[] = Array.from({ length: 10 }, (_, index) => ({
  id: `gsm8k-${index}`,
  index,
  dataset: 'gsm8k',
  question: `q${index}`,
  gold: String(index),
}));
const ids = (selected: Item[]) => selected.map((item) => item.index);

describe('selectItems', () => {
  it.each<[string, Selection, number[]]>([
    ['everything', {}, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    ['limit', { limit: 3 }, [0, 1, 2]],
    ['limit above the size', { limit: 50 }, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    ['shard 1/3', { shard: { index: 1, count: 3 } }, [0, 3, 6, 9]],
    ['shard 2/3', { shard: { index: 2, count: 3 } }, [1, 4, 7]],
    ['shard 3/3', { shard: { index: 3, count: 3 } }, [2, 5, 8]],
    ['shard 1/1', { shard: { index: 1, count: 1 } }, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    ['limit, then shard', { shard: { index: 2, count: 3 }, limit: 5 }, [1, 4]],
    ['sample of everything', { sample: 10, seed: 5 }, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
  ])('%s', (_, selection, expected) => {
    expect(ids(selectItems(items, selection))).toEqual(expected);
  });

  it('shards are disjoint and cover every item', () => {
    for (const count of [1, 2, 3, 4, 7, 10, 13]) {
      const all = Array.from({ length: count }, (_, i) => ids(selectItems(items, { shard: { index: i + 1, count } }))).flat();
      expect(all.sort((a, b) => a - b)).toEqual(ids(items));
    }
  });

  it('samples without replacement, in dataset order, the same for the same seed', () => {
    const a = ids(selectItems(items, { sample: 4, seed: 7 }));
    expect(a).toHaveLength(4);
    expect(new Set(a).size).toBe(4);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    expect(ids(selectItems(items, { sample: 4, seed: 7 }))).toEqual(a);
    const seeds = Array.from({ length: 20 }, (_, seed) => ids(selectItems(items, { sample: 4, seed })).join(','));
    expect(new Set(seeds).size).toBeGreaterThan(10);
  });

  // Pinned so that a change of generator or draw order, which would change every recorded sample, shows up.
  it.each<[Selection, number[]]>([
    [{ sample: 3, seed: 1 }, [1, 5, 6]],
    [{ sample: 3 }, [1, 2, 9]],
    [{ sample: 3, seed: 0 }, [1, 2, 9]],
  ])('draws the pinned items for %j', (selection, expected) => {
    expect(ids(selectItems(items, selection))).toEqual(expected);
  });

  it.each<[string, Selection]>([
    ['a limit', { limit: 7 }],
    ['a sample', { sample: 6, seed: 11 }],
  ])('splits %s across shards: together the shards hold what the unsharded run holds', (_, selection) => {
    const whole = ids(selectItems(items, selection));
    for (const count of [2, 3, 4]) {
      const shards = Array.from({ length: count }, (_, i) => ids(selectItems(items, { ...selection, shard: { index: i + 1, count } })));
      expect(shards.flat().sort((a, b) => a - b)).toEqual(whole);
    }
  });

  it('every item is equally likely to be sampled', () => {
    const hits = new Array<number>(10).fill(0);
    for (let seed = 0; seed < 2000; seed++) for (const i of ids(selectItems(items, { sample: 3, seed }))) hits[i]! += 1;
    for (const count of hits) expect(Math.abs(count - 600)).toBeLessThan(90);
  });

  it('does not change its input', () => {
    const copy = items.slice();
    selectItems(items, { sample: 5, seed: 3 });
    expect(items).toEqual(copy);
  });

  it.each<[string, Selection, string]>([
    ['limit and sample', { limit: 2, sample: 3 }, 'selection: use either limit (2) or sample (3), not both'],
    ['sample too large', { sample: 11 }, 'selection: sample of 11 items asked for, but the dataset has 10'],
    ['shard 0', { shard: { index: 0, count: 2 } }, 'selection: shard 0/2 is not a shard i/n with 1 ≤ i ≤ n'],
    ['shard past the count', { shard: { index: 3, count: 2 } }, 'selection: shard 3/2 is not a shard i/n with 1 ≤ i ≤ n'],
    ['zero limit', { limit: 0 }, 'selection: limit is 0, not a whole number above 0'],
    ['fractional sample', { sample: 1.5 }, 'selection: sample is 1.5, not a whole number above 0'],
  ])('refuses %s', (_, selection, message) => {
    expect(() => selectItems(items, selection)).toThrow(new UsageError(message));
  });
});
