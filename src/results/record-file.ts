// Open a pass or cell file to resume it: its index (read, or rebuilt from the records), a torn tail cut, duplicates and records to redo dropped.
import { open, rename, rm, truncate } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { GktError } from '../util/errors.js';
import { FORMAT } from './format.js';
import { JsonlWriter } from './jsonl.js';
import { headerId, isRecordLine, scanRecords, type BodyLine, type HeaderOf, type RecordKind } from './read-records.js';
import { fileStamp } from './file-stamp.js';
import type { FailedRole, IndexEntry } from './index-entries.js';
import { addEntry, emptyIndex, entryOf, readIndex, writeIndex, type RecordIndex } from './record-index.js';
import { RecordReader } from './record-reader.js';

export interface Repairs {
  tornTail: boolean;
  duplicates: number;
  errorsDropped: number;
  /** Rewritten from an older format. */
  upgraded: boolean;
}

export interface RecordFileSpec<K extends RecordKind> {
  kind: K;
  path: string;
  indexPath: string;
  /** Written when the file starts; an existing file's header must name the same pass or cell. */
  header: HeaderOf<K>;
  retryErrors: boolean;
  /** Other records to drop and redo, e.g. a cell item failed by its teacher whose pass has since answered. */
  redo?: (item: string, error: FailedRole) => boolean;
}

/** A record file open for appending, with the index of what it holds kept up to date. */
export class RecordFile<K extends RecordKind> {
  private dirty: boolean;

  private constructor(
    private readonly spec: RecordFileSpec<K>,
    private readonly writer: JsonlWriter,
    private readonly index: RecordIndex,
    readonly repaired: Repairs,
    indexSaved: boolean,
  ) {
    this.dirty = !indexSaved;
  }

  static async open<K extends RecordKind>(spec: RecordFileSpec<K>): Promise<RecordFile<K>> {
    const repaired: Repairs = { tornTail: false, duplicates: 0, errorsDropped: 0, upgraded: false };
    const id = headerId(spec.kind, spec.header);
    const stamp = await fileStamp(spec.path);
    let index = stamp === null || stamp.size === 0 ? null : await readIndex(spec.indexPath, spec.kind, id, stamp);
    const saved = index !== null;
    let fresh = stamp === null || stamp.size === 0;
    if (!fresh && index === null) {
      const built = emptyIndex();
      const scan = (await scanRecords(spec.path, spec.kind, (line, at) => {
        if (isRecordLine(line)) addEntry(built, line.item, entryOf(line, at));
      }))!;
      if (scan.header === null) {
        // Killed before its header was whole: nothing in it to keep.
        fresh = true;
        repaired.tornTail = scan.torn !== null;
      } else {
        if (headerId(spec.kind, scan.header) !== id) {
          throw new GktError(`${spec.path}: its first line is not the ${spec.kind} header for ${id}; the file does not belong here`);
        }
        if (scan.torn !== null) {
          await truncate(spec.path, scan.torn.offset);
          repaired.tornTail = true;
        }
        repaired.upgraded = scan.version !== FORMAT;
        index = built;
      }
    }
    if (fresh) {
      index = emptyIndex();
      await truncate(spec.path, 0).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    const dropped = new Set<string>();
    for (const [item, entry] of index!.entries) {
      if ((spec.retryErrors && entry.error !== null) || spec.redo?.(item, entry.error)) dropped.add(item);
    }
    repaired.errorsDropped = dropped.size;
    repaired.duplicates = index!.duplicates;
    const rewritten = !fresh && (repaired.upgraded || dropped.size > 0 || index!.duplicates > 0);
    if (rewritten) index = await rewrite(spec, index!, dropped);
    const writer = await JsonlWriter.open(spec.path);
    if (fresh) await writer.append(spec.header);
    return new RecordFile(spec, writer, index!, repaired, saved && !rewritten);
  }

  get path(): string {
    return this.spec.path;
  }

  /** The items recorded, each with whether its request failed and whose. */
  get entries(): ReadonlyMap<string, IndexEntry> {
    return this.index.entries;
  }

  async append(line: BodyLine<K>): Promise<void> {
    const written = await this.writer.append(line);
    this.dirty = true;
    if (isRecordLine(line)) addEntry(this.index, line.item, entryOf(line, written));
  }

  sync(): Promise<void> {
    return this.writer.sync();
  }

  /** Closes the file and writes its index, unless an append failed (the next run then reads the records). */
  async close(): Promise<void> {
    await this.writer.close();
    if (!this.dirty || this.writer.failed) return;
    const stamp = await fileStamp(this.spec.path);
    if (stamp !== null) await writeIndex(this.spec.indexPath, this.spec.kind, headerId(this.spec.kind, this.spec.header), this.index, stamp);
    this.dirty = false;
  }

  /** Reads records by item through the index; for after the file is closed. */
  reader(): RecordReader<K> {
    return new RecordReader(this.spec.kind, this.spec.path, this.index.entries);
  }
}

/**
 * Writes the file again with one record per item (the one the index chose), without the dropped ones and
 * in the current format, then puts it in place of the old in one rename: a kill leaves one or the other.
 */
async function rewrite<K extends RecordKind>(spec: RecordFileSpec<K>, index: RecordIndex, dropped: ReadonlySet<string>): Promise<RecordIndex> {
  const temp = join(dirname(spec.path), `.${basename(spec.path)}.${randomBytes(6).toString('hex')}.tmp`);
  const out = await open(temp, 'wx');
  const rebuilt = emptyIndex();
  let position = 0;
  let pending: string[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    const bytes = Buffer.from(pending.join(''), 'utf8');
    pending = [];
    pendingBytes = 0;
    await out.write(bytes);
  };
  const put = (line: unknown): { offset: number; bytes: number } => {
    const text = JSON.stringify(line);
    const bytes = Buffer.byteLength(text, 'utf8');
    pending.push(`${text}\n`);
    position += bytes + 1;
    pendingBytes += bytes + 1;
    return { offset: position - bytes - 1, bytes };
  };
  try {
    await scanRecords(
      spec.path,
      spec.kind,
      (line, at) => {
        if (isRecordLine(line)) {
          const chosen = index.entries.get(line.item);
          if (chosen?.offset !== at.offset || dropped.has(line.item)) return;
          addEntry(rebuilt, line.item, entryOf(line, put(line)));
        } else {
          put(line);
        }
        return pendingBytes > 1024 * 1024 ? flush() : undefined;
      },
      // The file's own header, as its creator wrote it (in the current format).
      (header) => {
        put(header);
      },
    );
    await flush();
    await out.sync();
  } catch (error) {
    await out.close();
    await rm(temp, { force: true });
    throw error;
  }
  await out.close();
  await rename(temp, spec.path);
  return rebuilt;
}
