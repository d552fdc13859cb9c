// Which generation requests fail on purpose, and how: a pure function of the request's number and the seed.
import { createRng, deriveSeed } from '../util/rng.js';
import type { FaultKind, FaultProfile } from './profile.js';

/** `n` counts the server's generation requests from 0, so a rerun against a fresh server fails the same ones. */
export function faultFor(faults: FaultProfile | undefined, n: number): FaultKind | null {
  if (faults === undefined || faults.rate === 0) return null;
  const rng = createRng(deriveSeed('fault', faults.seed, n));
  if (rng() >= faults.rate) return null;
  return faults.kinds[Math.floor(rng() * faults.kinds.length)] ?? null;
}
