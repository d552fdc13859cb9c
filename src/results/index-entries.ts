// The entries of a record file's index: for each item, where the record standing for it is and whether it failed.
import type { Role } from '../vocabulary.js';
import { NumberList } from '../util/number-list.js';

/** Whose request failed for an item; null when it was answered. */
export type FailedRole = Role | null;

export interface IndexEntry {
  /** Byte offset and length (without the newline) of the record's line. */
  offset: number;
  bytes: number;
  error: FailedRole;
}

const ERRORS: readonly FailedRole[] = [null, 'teacher', 'student'];

/**
 * One entry per item, kept as columns of numbers beside a map from item to row: an index of a large file
 * costs a few bytes an item more than its item ids, and no object each.
 */
export class IndexEntries implements ReadonlyMap<string, IndexEntry> {
  private readonly rows = new Map<string, number>();
  private readonly offsets = new NumberList();
  private readonly lengths = new NumberList();
  private readonly errors = new NumberList();

  get size(): number {
    return this.rows.size;
  }

  has(item: string): boolean {
    return this.rows.has(item);
  }

  get(item: string): IndexEntry | undefined {
    const row = this.rows.get(item);
    return row === undefined ? undefined : this.entry(row);
  }

  set(item: string, entry: IndexEntry): this {
    const code = ERRORS.indexOf(entry.error);
    const row = this.rows.get(item);
    if (row === undefined) {
      this.rows.set(item, this.offsets.length);
      this.offsets.push(entry.offset);
      this.lengths.push(entry.bytes);
      this.errors.push(code);
    } else {
      this.offsets.set(row, entry.offset);
      this.lengths.set(row, entry.bytes);
      this.errors.set(row, code);
    }
    return this;
  }

  *entries(): MapIterator<[string, IndexEntry]> {
    for (const [item, row] of this.rows) yield [item, this.entry(row)];
  }

  keys(): MapIterator<string> {
    return this.rows.keys();
  }

  *values(): MapIterator<IndexEntry> {
    for (const row of this.rows.values()) yield this.entry(row);
  }

  forEach(callback: (entry: IndexEntry, item: string, map: ReadonlyMap<string, IndexEntry>) => void): void {
    for (const [item, row] of this.rows) callback(this.entry(row), item, this);
  }

  [Symbol.iterator](): MapIterator<[string, IndexEntry]> {
    return this.entries();
  }

  private entry(row: number): IndexEntry {
    return { offset: this.offsets.at(row), bytes: this.lengths.at(row), error: ERRORS[this.errors.at(row)] ?? null };
  }
}
