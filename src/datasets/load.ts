// Read a dataset file into items, refusing the whole file at its first bad line (named by number).
import { readFile } from 'node:fs/promises';
import { UsageError } from '../util/errors.js';
import { sha256 } from '../util/hash.js';
import { mapCsqaRecord } from './csqa.js';
import { mapGsm8kRecord } from './gsm8k.js';
import { RecordError } from './record-error.js';
import type { Item, LoadedDataset } from './types.js';
import type { DatasetName } from '../vocabulary.js';

const MAPPERS: Record<DatasetName, (record: unknown, index: number) => Item> = {
  gsm8k: mapGsm8kRecord,
  csqa: mapCsqaRecord,
};

export function unreadable(name: DatasetName, path: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  return new UsageError(`${path}: cannot read the ${name} dataset (${code ?? String(error)})`, {
    cause: error,
    hint: `fetch it with: gkt datasets fetch ${name}`,
  });
}

export async function loadDataset(name: DatasetName, path: string): Promise<LoadedDataset> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw unreadable(name, path, error);
  }
  return { name, path, sha256: sha256(bytes), items: parseDataset(name, path, bytes.toString('utf8')) };
}

/**
 * Pure: one line of a dataset file → its item, or null for a blank line. `index` is the item's position
 * among the file's items; `number` the line's, for messages. CRLF endings are accepted, as a copy edited
 * on Windows has them.
 */
export function itemFromLine(name: DatasetName, path: string, text: string, number: number, index: number): Item | null {
  const line = text.endsWith('\r') ? text.slice(0, -1) : text;
  if (line.trim() === '') return null;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    throw new UsageError(`${path}:${number}: not valid JSON (${(error as Error).message})`);
  }
  try {
    return MAPPERS[name](record, index);
  } catch (error) {
    if (!(error instanceof RecordError)) throw error;
    const other = otherDataset(name, record);
    throw new UsageError(`${path}:${number}: ${name} record ${error.message}`, {
      ...(other !== null ? { hint: `the record looks like ${other}: is this the ${other} file given as ${name}?` } : {}),
    });
  }
}

/** Remembers each id's line, so the second use of an id is refused naming both. */
function duplicateCheck(path: string): (id: string, number: number) => void {
  const firstLine = new Map<string, number>();
  return (id, number) => {
    const first = firstLine.get(id);
    if (first !== undefined) throw new UsageError(`${path}:${number}: duplicate id "${id}" (first on line ${first})`);
    firstLine.set(id, number);
  };
}

/**
 * Pure: dataset text → items. Blank lines are skipped; a duplicate id is an error. CRLF line endings
 * and a leading byte-order mark are accepted, as a copy edited on Windows has them.
 */
export function parseDataset(name: DatasetName, path: string, text: string): Item[] {
  const items: Item[] = [];
  const seen = duplicateCheck(path);
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const item = itemFromLine(name, path, lines[i]!, i + 1, items.length);
    if (item === null) continue;
    seen(item.id, i + 1);
    items.push(item);
  }
  if (items.length === 0) throw new UsageError(`${path}: no ${name} records in the file`);
  return items;
}

/** The other dataset, when a record that failed has that dataset's tell-tale fields. */
function otherDataset(name: DatasetName, record: unknown): DatasetName | null {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return null;
  const r = record as Record<string, unknown>;
  const gsm8k = typeof r.question === 'string' && typeof r.answer === 'string';
  const csqa = typeof r.answerKey === 'string' || (typeof r.question === 'object' && r.question !== null && 'stem' in r.question);
  if (name === 'csqa' && gsm8k) return 'gsm8k';
  if (name === 'gsm8k' && csqa) return 'csqa';
  return null;
}
