// Which items a run uses: a seeded sample or the first n of the file, then a shard's share of them.
import { UsageError } from '../util/errors.js';
import { createRng, deriveSeed } from '../util/rng.js';
import type { Selection } from './types.js';

/** The seed a sample uses when the selection names none, so `--sample` alone is still repeatable. */
export const DEFAULT_SAMPLE_SEED = 0;

/**
 * The first n, or a seeded sample, of the whole file; then the shard's share of that. So the shards of a
 * selection together hold exactly the items the same selection unsharded holds.
 */
export function selectItems<T>(items: readonly T[], selection: Selection): T[] {
  const { limit, sample, shard } = selection;
  if (limit !== undefined && sample !== undefined) {
    throw new UsageError(`selection: use either limit (${limit}) or sample (${sample}), not both`);
  }
  let chosen = items.slice();
  if (limit !== undefined) {
    checkCount('limit', limit);
    chosen = chosen.slice(0, limit);
  } else if (sample !== undefined) {
    checkCount('sample', sample);
    if (sample > chosen.length) throw new UsageError(`selection: sample of ${sample} items asked for, but the dataset has ${chosen.length}`);
    chosen = sampleInOrder(chosen, sample, selection.seed ?? DEFAULT_SAMPLE_SEED);
  }
  if (shard !== undefined) {
    checkShard(shard);
    // Round-robin keeps every shard a similar mix of the selection from start to end.
    chosen = chosen.filter((_, i) => i % shard.count === shard.index - 1);
  }
  return chosen;
}

/** n items drawn without replacement (a partial Fisher–Yates shuffle), returned in dataset order. */
function sampleInOrder<T>(items: T[], n: number, seed: number): T[] {
  const rng = createRng(deriveSeed('sample', seed));
  const positions = items.map((_, i) => i);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng() * (positions.length - i));
    [positions[i], positions[j]] = [positions[j]!, positions[i]!];
  }
  return positions
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => items[i]!);
}

function checkShard(shard: { index: number; count: number }): void {
  const { index, count } = shard;
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 1 || index > count) {
    throw new UsageError(`selection: shard ${index}/${count} is not a shard i/n with 1 ≤ i ≤ n`);
  }
}

function checkCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`selection: ${name} is ${n}, not a whole number above 0`);
}
