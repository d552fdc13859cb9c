// Files a killed run leaves half-made: temp files of atomic writes and of the lock, removed before a run resumes.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * `writeFileAtomic`'s temp files (`.<name>.<12 hex>.tmp`) and the lock's own: a candidate not linked
 * into place, and the guard of a takeover (removing it under a live lock is safe: it guards stale ones).
 */
const LEFTOVER = /^\..+\.[0-9a-f]{12}\.tmp$|^\.lock\.[0-9a-f]+\.candidate$|^\.lock\.takeover$/;

export function isLeftover(name: string): boolean {
  return LEFTOVER.test(name);
}

/**
 * Removes leftovers directly inside each folder. Only safe where no one else writes at the time (the run
 * folder, under its lock); in a shared folder pass `olderThanMs`, so a temp file another run is
 * writing right now is left alone. Returns the paths removed.
 */
export async function removeLeftovers(dirs: readonly string[], options: { olderThanMs?: number; now?: number } = {}): Promise<string[]> {
  const removed: string[] = [];
  const now = options.now ?? Date.now();
  for (const dir of dirs) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter(isLeftover)) {
      const path = join(dir, name);
      if (options.olderThanMs !== undefined) {
        const info = await stat(path).catch(() => null);
        if (info === null || now - info.mtimeMs < options.olderThanMs) continue;
      }
      await rm(path, { force: true });
      removed.push(path);
    }
  }
  return removed;
}

/** The cache's shard folders (`<cache>/<2 hex>/`), where its entries and their temp files live. */
export async function cacheShards(cacheDir: string): Promise<string[]> {
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  return names.filter((name) => /^[0-9a-f]{2}$/.test(name)).map((name) => join(cacheDir, name));
}
