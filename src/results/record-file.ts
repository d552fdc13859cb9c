// Open a pass or cell file for resuming: cut a torn tail, check its header, drop what must be redone.
import { access } from 'node:fs/promises';
import { GktError } from '../util/errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { JsonlWriter, readJsonl, repairJsonl } from './jsonl.js';
import { preferRecord } from './record-choice.js';

interface Keyed {
  type: string;
  item?: string;
  error?: unknown;
}

export interface OpenedRecordFile<R> {
  /** The record kept for each item (one per item, whatever the file held). */
  records: Map<string, R>;
  writer: JsonlWriter;
  /** What opening had to mend: a torn last line, duplicate records, errors dropped for a retry. */
  repaired: { tornTail: boolean; duplicates: number; errorsDropped: number };
}

export interface RecordFileSpec<H> {
  path: string;
  header: H & { type: string };
  /** The id the header must carry, to refuse a file that belongs to something else. */
  headerId: (header: H) => string;
  recordType: string;
  retryErrors: boolean;
  /** Other records to drop and redo, e.g. a cell item failed by its teacher whose pass has since answered. */
  redo?: (record: Keyed & { item: string }) => boolean;
}

export async function openRecordFile<H, R extends Keyed>(spec: RecordFileSpec<H>): Promise<OpenedRecordFile<R>> {
  const repaired = { tornTail: false, duplicates: 0, errorsDropped: 0 };
  const records = new Map<string, R>();
  let lines: Keyed[] = [];
  if (await access(spec.path).then(() => true, () => false)) {
    repaired.tornTail = await repairJsonl(spec.path);
    lines = (await readJsonl<Keyed>(spec.path)).records;
  }
  // A file killed before its header was written is empty: it starts afresh.
  const hasHeader = lines.length > 0;
  if (hasHeader) {
    const header = lines[0] as (H & { type: string }) | undefined;
    if (!header || header.type !== spec.header.type || spec.headerId(header) !== spec.headerId(spec.header)) {
      throw new GktError(`${spec.path}: its first line is not the ${spec.header.type} header for ${spec.headerId(spec.header)}; the file does not belong here`);
    }
    const kept: Keyed[] = [header];
    for (const line of lines.slice(1)) {
      if (line.type !== spec.recordType || line.item === undefined) {
        kept.push(line);
        continue;
      }
      if ((spec.retryErrors && line.error) || spec.redo?.({ ...line, item: line.item })) {
        repaired.errorsDropped++;
        continue;
      }
      const previous = records.get(line.item);
      if (previous) {
        repaired.duplicates++;
        if (preferRecord(previous, line) !== previous) {
          records.set(line.item, line as R);
          kept.splice(kept.indexOf(previous), 1, line);
        }
        continue;
      }
      records.set(line.item, line as R);
      kept.push(line);
    }
    if (repaired.duplicates > 0 || repaired.errorsDropped > 0) {
      await writeFileAtomic(spec.path, kept.map((line) => `${JSON.stringify(line)}\n`).join(''));
    }
  }
  const writer = await JsonlWriter.open(spec.path);
  if (!hasHeader) await writer.append(spec.header);
  return { records, writer, repaired };
}
