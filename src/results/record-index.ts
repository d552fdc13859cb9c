// The index beside a record file: the record standing for each item and where its line is, so a run need not read the records to know what is done.
import { createHash } from 'node:crypto';
import { writeLinesAtomic } from '../util/atomic-write.js';
import { fileStamp, sameStamp, type FileStamp } from './file-stamp.js';
import { IndexEntries, type FailedRole, type IndexEntry } from './index-entries.js';
import { FORMAT, type FormatVersion } from './format.js';
import { firstLine, hashFrom } from '../util/lines.js';
import { preferRecord } from './record-choice.js';
import { isRecordLine, scanRecords, type BodyLine, type RecordKind } from './read-records.js';
import { shapeProblem } from './schema.js';
import { readIndexLines } from './index-lines.js';

export interface RecordIndex {
  /** One entry per item: the record that stands for it, by the one rule. */
  entries: IndexEntries;
  /** Records beyond one per item. */
  duplicates: number;
}

/** What an index says of its file as a whole: enough, with the plan, to know what is done without reading an entry. */
export interface IndexSummary {
  entries: number;
  duplicates: number;
  /** Items whose record is answered, and failed by whose request. */
  answered: number;
  failed: { teacher: number; student: number };
  /** sha256 of the items' ids, sorted, one a line: compared with a plan's list of items. */
  items: string;
}

interface IndexHeader extends IndexSummary {
  type: 'index';
  format: typeof FORMAT;
  of: RecordKind;
  id: string;
  stamp: FileStamp;
  /** sha256 of the entry lines after this one. */
  sha256: string;
}

/** The hash a plan's list of items and an index's items share when they hold the same items. */
export function itemsHash(items: Iterable<string>): string {
  // Plan items and index entries are each unique: a list with a repeat hashes otherwise, and is read in full.
  const sorted = [...items].sort();
  const hash = createHash('sha256');
  for (const item of sorted) hash.update(`${item}\n`);
  return hash.digest('hex');
}

type EntryLine = [string, number, number, FailedRole];

export function emptyIndex(): RecordIndex {
  return { entries: new IndexEntries(), duplicates: 0 };
}

/** Adds a record's entry; a second record for the item counts as a duplicate, and the one rule picks which stands. */
export function addEntry(index: RecordIndex, item: string, entry: IndexEntry): void {
  const kept = index.entries.get(item);
  if (kept !== undefined) index.duplicates++;
  index.entries.set(item, preferRecord(kept, entry));
}

/** A record's entry: where its line is, and whose request failed (a teacher record's failure is the teacher's). */
export function entryOf(line: BodyLine<RecordKind>, at: { offset: number; bytes: number }): IndexEntry {
  const error: FailedRole = line.type === 'teacher' ? (line.error === null ? null : 'teacher') : line.type === 'item' ? (line.error?.role ?? null) : null;
  return { offset: at.offset, bytes: at.bytes, error };
}

/**
 * Reads the index at `indexPath` if it describes the record file as it now is (`stamp`): its header and
 * the hash of its entry lines are checked, and each entry, when `visit` is given, is checked and visited.
 * Null when it is missing, stale, damaged or of another file (entries visited before that are void).
 */
async function scanIndex(
  indexPath: string,
  of: RecordKind,
  id: string,
  stamp: FileStamp,
  visit: (item: string, entry: IndexEntry) => void,
): Promise<IndexSummary | null> {
  const read = await readIndexLines<IndexHeader>(
    indexPath,
    'indexHeader',
    (header) => header.of === of && header.id === id && sameStamp(header.stamp, stamp),
    'indexEntry',
    (entry) => {
      const [item, offset, bytes, error] = entry as EntryLine;
      if (offset + bytes > stamp.size) return false;
      visit(item, { offset, bytes, error });
      return true;
    },
  );
  // Its own lines hash to what its header says: an index edited by hand is not trusted.
  if (read === null || read.header.entries !== read.entries || read.header.sha256 !== read.sha256) return null;
  return summaryOf(read.header);
}

function summaryOf(header: IndexHeader): IndexSummary {
  const { entries, duplicates, answered, failed, items } = header;
  return { entries, duplicates, answered, failed, items };
}

/**
 * The index at `indexPath` if it describes the record file as it now is (`stamp`); null when it is
 * missing, stale, damaged or of another file, and the records must be read instead.
 */
export async function readIndex(indexPath: string, of: RecordKind, id: string, stamp: FileStamp): Promise<RecordIndex | null> {
  const index = emptyIndex();
  let repeated = false;
  const head = await scanIndex(indexPath, of, id, stamp, (item, entry) => {
    if (index.entries.has(item)) repeated = true;
    index.entries.set(item, entry);
  });
  if (head === null || repeated) return null;
  index.duplicates = head.duplicates;
  return index;
}

/**
 * Only what an index says of its file as a whole: its header, and its entry lines checked by the hash of
 * their bytes alone (no entry is parsed). Null when it is missing, stale, damaged or of another file.
 */
export async function readIndexHead(indexPath: string, of: RecordKind, id: string, stamp: FileStamp): Promise<IndexSummary | null> {
  const first = await firstLine(indexPath);
  if (first === null) return null;
  let header: IndexHeader;
  try {
    header = JSON.parse(first) as IndexHeader;
  } catch {
    return null;
  }
  if (shapeProblem('indexHeader', header) !== null || header.of !== of || header.id !== id || !sameStamp(header.stamp, stamp)) return null;
  const body = await hashFrom(indexPath, Buffer.byteLength(first) + 1);
  return body !== null && body.lines === header.entries && body.sha256 === header.sha256 ? summaryOf(header) : null;
}

export async function writeIndex(indexPath: string, of: RecordKind, id: string, index: RecordIndex, stamp: FileStamp): Promise<void> {
  // Two passes over the entries, the first for the hash and counts the header carries: no copy of the whole is made.
  const lines = function* (): Generator<string> {
    for (const [item, entry] of index.entries) yield `${JSON.stringify([item, entry.offset, entry.bytes, entry.error] satisfies EntryLine)}\n`;
  };
  const failed = { teacher: 0, student: 0 };
  for (const entry of index.entries.values()) if (entry.error !== null) failed[entry.error] += 1;
  const body = createHash('sha256');
  for (const line of lines()) body.update(line);
  const header: IndexHeader = {
    type: 'index',
    format: FORMAT,
    of,
    id,
    stamp,
    entries: index.entries.size,
    duplicates: index.duplicates,
    answered: index.entries.size - failed.teacher - failed.student,
    failed,
    items: itemsHash(index.entries.keys()),
    sha256: body.digest('hex'),
  };
  await writeLinesAtomic(indexPath, (function* () {
    yield `${JSON.stringify(header)}\n`;
    yield* lines();
  })());
}

/**
 * The index of a record file: the one beside it when it is current, else rebuilt from the records (and,
 * with `save`, written for next time where the file needs no mending first). Empty for a missing file.
 * `mend`: the file holds a torn last line, duplicate records or an older format, which a run mends.
 * `version`: the format its lines are written in (an index is only ever saved for the current one).
 */
export async function currentIndex(
  kind: RecordKind,
  id: string,
  path: string,
  indexPath: string,
  save: boolean,
): Promise<RecordIndex & { mend: boolean; version: FormatVersion }> {
  const stamp = await fileStamp(path);
  if (stamp === null || stamp.size === 0) return { ...emptyIndex(), mend: false, version: FORMAT };
  const saved = await readIndex(indexPath, kind, id, stamp);
  if (saved !== null) return { ...saved, mend: saved.duplicates > 0, version: FORMAT };
  const index = emptyIndex();
  const scan = await scanRecords(path, kind, (line, at) => {
    if (isRecordLine(line)) addEntry(index, line.item, entryOf(line, at));
  });
  const whole = scan !== null && scan.header !== null && scan.torn === null && scan.version === FORMAT;
  // Saved only for a file as a run leaves it: whole, in the current format, and unchanged while it was read.
  const after = await fileStamp(path);
  if (save && whole && after !== null && sameStamp(after, stamp)) await writeIndex(indexPath, kind, id, index, stamp);
  return { ...index, mend: !whole || index.duplicates > 0, version: scan?.version ?? FORMAT };
}

/**
 * Each entry of a record file's index, one at a time: from the index beside it when it is current (no
 * entry is kept in memory), else from an index rebuilt from the records (and kept, with `save`). Says
 * whether the file needs mending (see currentIndex).
 */
export async function eachIndexEntry(
  kind: RecordKind,
  id: string,
  path: string,
  indexPath: string,
  save: boolean,
  visit: (item: string, entry: IndexEntry) => void,
): Promise<{ mend: boolean }> {
  const stamp = await fileStamp(path);
  if (stamp === null || stamp.size === 0) return { mend: false };
  // Checked whole before any entry is visited, so a damaged index visits nothing.
  if ((await readIndexHead(indexPath, kind, id, stamp)) !== null) {
    const summary = await scanIndex(indexPath, kind, id, stamp, visit);
    if (summary !== null) return { mend: summary.duplicates > 0 };
  }
  const index = await currentIndex(kind, id, path, indexPath, save);
  for (const [item, entry] of index.entries) visit(item, entry);
  return { mend: index.mend };
}
