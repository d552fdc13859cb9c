// The end-of-run summary's figures kept beside it with the key of what they were computed from: a rerun that changed nothing need not read the records.
import { readFile } from 'node:fs/promises';
import { writeJsonAtomic } from '../util/atomic-write.js';
import { canonicalJson, sha256 } from '../util/hash.js';

interface Cached {
  key: string;
  /** sha256 of the figures' canonical JSON: a file changed by hand is not trusted. */
  sha256: string;
  figures: unknown;
}

/** The figures stored under `key`, or null when there are none, or they were computed from something else. */
export async function readSummaryCache(path: string, key: string): Promise<unknown> {
  try {
    const cached = JSON.parse(await readFile(path, 'utf8')) as Partial<Cached>;
    if (cached.key !== key || cached.figures === undefined || cached.sha256 !== sha256(canonicalJson(cached.figures))) return null;
    return cached.figures;
  } catch {
    return null;
  }
}

/** Figures JSON keeps as they are: no Infinity or NaN (JSON has none), nothing undefined in a list. */
function survivesJson(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => v !== undefined && survivesJson(v));
  if (value !== null && typeof value === 'object') return Object.values(value).every((v) => v === undefined || survivesJson(v));
  return typeof value !== 'function' && typeof value !== 'bigint';
}

/** Stores the figures, unless JSON would change them (then the next run computes them again). */
export async function writeSummaryCache(path: string, key: string, figures: unknown): Promise<void> {
  if (!survivesJson(figures)) return;
  const cached: Cached = { key, sha256: sha256(canonicalJson(figures)), figures };
  await writeJsonAtomic(path, cached);
}
