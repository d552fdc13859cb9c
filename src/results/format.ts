// The run folder's format version: written in the manifest, the plan and each record file's header, checked on every read.
import { UsageError } from '../util/errors.js';

/** The version this gkt writes. Format 1 is the unversioned format of gkt 0.1 (no `format` field). */
export const FORMAT = 2;

export type FormatVersion = 1 | typeof FORMAT;

/**
 * The version a file declares: no `format` is format 1, read through its migration; a newer version is
 * refused, since this gkt cannot know what it changed.
 */
export function formatOf(value: unknown, where: string): FormatVersion {
  const declared = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)['format'] : undefined;
  if (declared === undefined || declared === 1) return 1;
  if (declared === FORMAT) return FORMAT;
  if (typeof declared === 'number' && Number.isInteger(declared) && declared > FORMAT) {
    throw new UsageError(`${where}: written in run format ${declared}, newer than this gkt reads (formats 1 to ${FORMAT})`, {
      hint: 'read it with the gkt version that wrote it, or a newer one',
    });
  }
  throw new UsageError(`${where}: format ${JSON.stringify(declared)} is not a run format this gkt knows (1 to ${FORMAT})`);
}
