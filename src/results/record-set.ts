// One pass's or cell's records across run folders (shards, reruns, copies): which record stands for each item, read by item or streamed.
import { preferRecord } from './record-choice.js';
import type { IndexEntry } from './index-entries.js';
import { indexedDuplicates, recordIndexOf, recordReader, scanRecordFile } from './read-run.js';
import { isRecordLine, type BodyLine, type LineAt, type RecordKind, type RecordOf, type RecordScan } from './read-records.js';
import type { RecordReader } from './record-reader.js';

/** Which lines of one folder's file stand for their items: all of them, or those at these offsets. */
export type Standing = 'all' | ReadonlySet<number>;

export const stands = (standing: Standing, offset: number): boolean => standing === 'all' || standing.has(offset);

/**
 * Per folder, which lines of its file of the pass or cell stand for their items: by the one rule, over
 * each file's index in folder order (the index is the file's own choice, so the order of records is
 * kept). A single file whose index counts no duplicate needs no entry read: each of its records stands.
 */
export async function standingLines(dirs: readonly string[], kind: RecordKind, id: string): Promise<Standing[]> {
  if (dirs.length === 1 && (await indexedDuplicates(dirs[0]!, kind, id)) === 0) return ['all'];
  const indexes = [];
  for (const dir of dirs) indexes.push((await recordIndexOf(dir, kind, id)).entries);
  if (indexes.length === 1) return [new Set([...indexes[0]!.values()].map((entry) => entry.offset))];
  const chosen = new Map<string, { folder: number; offset: number; error: unknown }>();
  indexes.forEach((entries, folder) => {
    for (const [item, entry] of entries) chosen.set(item, preferRecord(chosen.get(item), { folder, offset: entry.offset, error: entry.error }));
  });
  const offsets = dirs.map(() => new Set<number>());
  for (const entry of chosen.values()) offsets[entry.folder]!.add(entry.offset);
  return offsets;
}

/**
 * The records of one pass or cell over the folders holding its file, each item's standing record read
 * on demand through the files' indexes: texts are read when asked for, never held. Close it after use.
 */
export class RecordSet<K extends RecordKind> {
  private constructor(
    private readonly kind: K,
    private readonly id: string,
    private readonly dirs: readonly string[],
    private readonly readers: ReadonlyArray<RecordReader<K>>,
  ) {}

  /** Reads each folder's index of the file (rebuilt from the records where it is missing or stale, not saved). */
  static async open<K extends RecordKind>(dirs: readonly string[], kind: K, id: string): Promise<RecordSet<K>> {
    const readers: Array<RecordReader<K>> = [];
    for (const dir of dirs) readers.push(recordReader(dir, kind, id, await recordIndexOf(dir, kind, id)));
    return new RecordSet(kind, id, dirs, readers);
  }

  /** The folder whose record stands for the item, with its entry; undefined when none has one. */
  private standing(item: string): { folder: number; entry: IndexEntry; error: unknown } | undefined {
    let best: { folder: number; entry: IndexEntry; error: unknown } | undefined;
    this.readers.forEach((reader, folder) => {
      const entry = reader.entries.get(item);
      if (entry !== undefined) best = preferRecord(best, { folder, entry, error: entry.error });
    });
    return best;
  }

  /** The record that stands for the item, or undefined when there is none. */
  async read(item: string): Promise<RecordOf<K> | undefined> {
    const found = this.standing(item);
    return found === undefined ? undefined : this.readers[found.folder]!.read(item);
  }

  /**
   * Streams every folder's file, calling `visit` with each record that stands for its item, in folder and
   * file order. Says, per folder's file, whether its last line was torn (and skipped).
   */
  async scan(visit: (record: RecordOf<K>) => void | Promise<void>): Promise<Array<RecordScan<K> | null>> {
    const scans: Array<RecordScan<K> | null> = [];
    for (const [folder, dir] of this.dirs.entries()) {
      const scan = await scanRecordFile(dir, this.kind, this.id, (line: BodyLine<K>, at: LineAt) => {
        if (!isRecordLine(line)) return;
        const record = line;
        const found = this.standing(record.item);
        if (found?.folder === folder && found.entry.offset === at.offset) return visit(record);
      });
      scans.push(scan);
    }
    return scans;
  }

  async close(): Promise<void> {
    for (const reader of this.readers) await reader.close();
  }
}
