// A dataset file read as a stream: every line checked and the file hashed in one pass, keeping only where each item is.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ChunkReader } from '../util/chunk-reader.js';
import { UsageError } from '../util/errors.js';
import { firstNonUtf8Line, NOT_UTF8 } from '../util/utf8.js';
import { scanLines } from '../util/lines.js';
import { NumberList } from '../util/number-list.js';
import { itemFromLine, unreadable } from './load.js';
import type { Item } from './types.js';
import type { DatasetName } from '../vocabulary.js';

/** An item of a dataset file without its texts: its id, its position, and where its line is. */
export interface ItemRef {
  id: string;
  /** 0-based position among the file's items. */
  index: number;
  /** 1-based line number, for messages. */
  line: number;
  /** Byte offset and length of the line (without a byte-order mark or line ending). */
  offset: number;
  bytes: number;
}

/**
 * Where each item of a dataset file is: the ids, and the rest as columns of numbers, so a dataset of any
 * size costs no object per item. `select` gives a view of some of them, sharing the columns.
 */
export class ItemRefs implements Iterable<ItemRef> {
  private constructor(
    private readonly ids: string[],
    private readonly columns: { index: NumberList; line: NumberList; offset: NumberList; bytes: NumberList },
    /** For a view: the positions in the columns of its items, in its order. */
    private readonly positions: readonly number[] | null,
  ) {}

  static empty(): ItemRefs {
    return new ItemRefs([], { index: new NumberList(), line: new NumberList(), offset: new NumberList(), bytes: new NumberList() }, null);
  }

  get length(): number {
    return this.positions?.length ?? this.ids.length;
  }

  /** Adds an item at the end (of a whole list, not of a view). */
  push(ref: ItemRef): void {
    if (this.positions !== null) throw new Error('ItemRefs: a selection of items takes no new item');
    this.ids.push(ref.id);
    this.columns.index.push(ref.index);
    this.columns.line.push(ref.line);
    this.columns.offset.push(ref.offset);
    this.columns.bytes.push(ref.bytes);
  }

  id(at: number): string {
    return this.ids[this.column(at)]!;
  }

  ref(at: number): ItemRef {
    const i = this.column(at);
    const { index, line, offset, bytes } = this.columns;
    return { id: this.ids[i]!, index: index.at(i), line: line.at(i), offset: offset.at(i), bytes: bytes.at(i) };
  }

  /** The items at these positions of this list, in this order. */
  select(positions: readonly number[]): ItemRefs {
    return new ItemRefs(this.ids, this.columns, this.positions === null ? positions : positions.map((at) => this.positions![at]!));
  }

  *[Symbol.iterator](): Iterator<ItemRef> {
    for (let at = 0; at < this.length; at++) yield this.ref(at);
  }

  private column(at: number): number {
    return this.positions === null ? at : this.positions[at]!;
  }
}

export interface ScannedDataset {
  name: DatasetName;
  path: string;
  sha256: string;
  refs: ItemRefs;
}

const BOM = '\uFEFF';

/** Refuses the whole file at its first bad line, as loadDataset does, holding no item's text. */
export async function scanDataset(name: DatasetName, path: string): Promise<ScannedDataset> {
  const hash = createHash('sha256');
  const refs = ItemRefs.empty();
  const suspect: number[] = [];
  const take = (text: string, number: number, offset: number) => {
    let line = text;
    let start = offset;
    if (number === 1 && line.startsWith(BOM)) {
      line = line.slice(BOM.length);
      start += Buffer.byteLength(BOM);
    }
    if (line.endsWith('\r')) line = line.slice(0, -1);
    // Bytes that are not UTF-8 decode to U+FFFD; one written as such is UTF-8 and stays.
    if (line.includes('\uFFFD')) suspect.push(number);
    const item = itemFromLine(name, path, line, number, refs.length);
    if (item === null) return;
    refs.push({ id: item.id, index: item.index, line: number, offset: start, bytes: Buffer.byteLength(line) });
  };
  let scan;
  try {
    scan = await scanLines(path, (line) => take(line.text, line.number, line.offset), (bytes) => hash.update(bytes));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw unreadable(name, path, error);
  }
  if (scan === null) throw unreadable(name, path, Object.assign(new Error('no such file'), { code: 'ENOENT' }));
  // A last line without its newline is a whole line in a dataset file.
  if (scan.torn !== null) take(scan.torn.text, scan.lines + 1, scan.torn.offset);
  await refuseNonUtf8(path, suspect);
  if (refs.length === 0) throw new UsageError(`${path}: no ${name} records in the file`);
  refuseDuplicates(path, refs);
  return { name, path, sha256: hash.digest('hex'), refs };
}

/** The first line holding bytes that are not UTF-8, among lines that decoded with a replacement character. */
async function refuseNonUtf8(path: string, lines: readonly number[]): Promise<void> {
  if (lines.length === 0) return;
  const bad = firstNonUtf8Line(await readFile(path));
  if (bad !== null) throw new UsageError(`${path}:${bad}: ${NOT_UTF8}`);
}

/**
 * A duplicate id is an error naming both lines. Found by sorting the ids once the file is read, so the
 * scan keeps no map of every id it has seen.
 */
function refuseDuplicates(path: string, refs: ItemRefs): void {
  const sorted = Array.from({ length: refs.length }, (_, at) => refs.id(at)).sort();
  const repeated = new Set(sorted.filter((id, i) => i > 0 && sorted[i - 1] === id));
  if (repeated.size === 0) return;
  const first = new Map<string, number>();
  for (const ref of refs) {
    if (!repeated.has(ref.id)) continue;
    const line = first.get(ref.id);
    if (line !== undefined) throw new UsageError(`${path}:${ref.line}: duplicate id "${ref.id}" (first on line ${line})`);
    first.set(ref.id, ref.line);
  }
}

/** Reads items back by their refs, in any order (cheapest in file order); the file must not change meanwhile. */
export class ItemReader {
  private readonly bytes: ChunkReader;

  constructor(
    readonly name: DatasetName,
    readonly path: string,
  ) {
    this.bytes = new ChunkReader(path);
  }

  async read(ref: ItemRef): Promise<Item> {
    const text = (await this.bytes.read(ref.offset, ref.bytes)).toString('utf8');
    const changed = (cause?: unknown) =>
      new UsageError(`${this.path}:${ref.line}: the dataset file changed while the run was reading it (expected item ${ref.id})`, { cause });
    let item: Item | null;
    try {
      item = itemFromLine(this.name, this.path, text, ref.line, ref.index);
    } catch (error) {
      throw changed(error);
    }
    if (item === null || item.id !== ref.id) throw changed();
    // The ref's own id: what records and indexes keep of the item is then one string, not a copy per read.
    item.id = ref.id;
    return item;
  }

  close(): Promise<void> {
    return this.bytes.close();
  }
}
