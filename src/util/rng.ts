// Seeded randomness: every random choice gkt makes is a function of a seed and names, never of Math.random.
import { createHash } from 'node:crypto';

/** A 32-bit unsigned seed derived from any list of parts, e.g. (run seed, item id, role). */
export function deriveSeed(...parts: Array<string | number>): number {
  const digest = createHash('sha256').update(parts.map(String).join('\u0000')).digest();
  return digest.readUInt32BE(0);
}

/** mulberry32: small, fast, and good enough for sampling subsets and fallback draws. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [min, max], both ends included (like Python's random.randint). */
export function randomInt(rng: () => number, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}
