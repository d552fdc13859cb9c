// An index file read back whole or not at all: a header line, then entry lines, each checked against the run format; any damage, and it is not trusted.
import { createHash } from 'node:crypto';
import { scanLines } from '../util/lines.js';
import { shapeProblem, type Shape } from './schema.js';

export interface IndexLines<H> {
  header: H;
  /** Entry lines read (every line after the header). */
  entries: number;
  /** sha256 of the entry lines, each with its newline: what the header says they hash to. */
  sha256: string;
}

/**
 * Reads the index at `path`: its header must have the shape `headerShape` and be `accepted` (of the file it is
 * meant to describe, as that file now is); each entry must have the shape `entryShape` and be taken by `onEntry`
 * (false: it does not fit). Null when the index is missing, torn, damaged or not accepted: entries seen before that are void.
 */
export async function readIndexLines<H>(
  path: string,
  headerShape: Shape,
  accepted: (header: H) => boolean,
  entryShape: Shape,
  onEntry: (entry: unknown) => boolean,
): Promise<IndexLines<H> | null> {
  let header: H | null = null;
  let valid = true;
  let entries = 0;
  const hash = createHash('sha256');
  const scan = await scanLines(path, (line) => {
    if (!valid) return;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch {
      valid = false;
      return;
    }
    if (header === null) {
      valid = shapeProblem(headerShape, value) === null && accepted(value as H);
      header = value as H;
      return;
    }
    hash.update(`${line.text}\n`);
    entries += 1;
    valid = shapeProblem(entryShape, value) === null && onEntry(value);
  });
  if (scan === null || scan.torn !== null || !valid || header === null) return null;
  return { header, entries, sha256: hash.digest('hex') };
}
