// The record format a run folder was written in: shards merge only when theirs is the same.
import type { FormatVersion } from '../results/format.js';
import type { ManifestView } from './manifest.js';

/**
 * The run format of a folder's records, as its manifest declares it (the results store reads an older
 * format through its migration, but a shard of one format is not merged with a shard of another).
 */
export function recordFormat(manifest: ManifestView): FormatVersion {
  return manifest.format;
}
