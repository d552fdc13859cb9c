// Records read one by one through an index (a GKT cell fetching its teacher's record for an item), each line checked as it is read.
import { ChunkReader } from '../util/chunk-reader.js';
import { FORMAT, type FormatVersion } from './format.js';
import { migrateLineFrom1 } from './migrate.js';
import type { RecordKind, RecordOf } from './read-records.js';
import type { IndexEntry } from './index-entries.js';
import { shapeProblem } from './schema.js';

export class RecordReader<K extends RecordKind> {
  private readonly bytes: ChunkReader;

  constructor(
    private readonly kind: K,
    readonly path: string,
    readonly entries: ReadonlyMap<string, IndexEntry>,
    /** The format the file's lines are written in: a format-1 line is migrated as it is read. */
    private readonly version: FormatVersion = FORMAT,
  ) {
    this.bytes = new ChunkReader(path);
  }

  has(item: string): boolean {
    return this.entries.has(item);
  }

  /** The record that stands for `item`, or undefined when there is none. */
  async read(item: string): Promise<RecordOf<K> | undefined> {
    const entry = this.entries.get(item);
    if (entry === undefined) return undefined;
    const text = (await this.bytes.read(entry.offset, entry.bytes)).toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new Error(`${this.path}: the record of ${item} at byte ${entry.offset} is not JSON: the file changed under its index`, { cause: error });
    }
    if (this.version === 1) value = migrateLineFrom1(value);
    const problem = shapeProblem(this.kind === 'pass' ? 'teacherRecord' : 'itemRecord', value);
    if (problem !== null || (value as { item?: unknown }).item !== item) {
      throw new Error(`${this.path}: the line at byte ${entry.offset} is not the record of ${item} (${problem ?? 'another item'}): the file changed under its index`);
    }
    return value as RecordOf<K>;
  }

  close(): Promise<void> {
    return this.bytes.close();
  }
}
