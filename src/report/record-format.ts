// The record format a run folder was written in: shards merge only when theirs is the same.
import type { ManifestView } from './manifest.js';

/**
 * The format of a folder's records. The folders record no format number of their own yet, so the gkt
 * version that wrote the manifest stands for it; null when the manifest does not say.
 */
export function recordFormat(manifest: ManifestView): string | null {
  return manifest.gkt.version;
}
