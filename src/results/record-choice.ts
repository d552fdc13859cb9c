// Which record stands for an item when more than one is found (a file mended on resume, overlapping folders): one rule everywhere.

/**
 * An answered record beats a failed one; between two alike, the first stays, as the one the run itself
 * kept and later phases used.
 */
export function preferRecord<T extends { error?: unknown }>(kept: T | undefined, candidate: T): T {
  if (kept === undefined) return candidate;
  return kept.error && !candidate.error ? candidate : kept;
}
