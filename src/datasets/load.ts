// Read a dataset file into items, refusing the whole file at its first bad line (named by number).
import { readFile } from 'node:fs/promises';
import { UsageError } from '../util/errors.js';
import { sha256 } from '../util/hash.js';
import { mapCsqaRecord } from './csqa.js';
import { mapGsm8kRecord } from './gsm8k.js';
import { RecordError } from './record-error.js';
import type { DatasetName, Item, LoadedDataset } from './types.js';

const MAPPERS: Record<DatasetName, (record: unknown, index: number) => Item> = {
  gsm8k: mapGsm8kRecord,
  csqa: mapCsqaRecord,
};

export async function loadDataset(name: DatasetName, path: string): Promise<LoadedDataset> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: cannot read the ${name} dataset (${code ?? String(error)})`, {
      cause: error,
      hint: `fetch it with: gkt datasets fetch ${name}`,
    });
  }
  return { name, path, sha256: sha256(bytes), items: parseDataset(name, path, bytes.toString('utf8')) };
}

/**
 * Pure: dataset text → items. Blank lines are skipped; a duplicate id is an error. CRLF line endings
 * and a leading byte-order mark are accepted, as a copy edited on Windows has them.
 */
export function parseDataset(name: DatasetName, path: string, text: string): Item[] {
  const map = MAPPERS[name];
  const items: Item[] = [];
  const firstLine = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      throw new UsageError(`${path}:${i + 1}: not valid JSON (${(error as Error).message})`);
    }
    let item: Item;
    try {
      item = map(record, items.length);
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      const other = otherDataset(name, record);
      throw new UsageError(`${path}:${i + 1}: ${name} record ${error.message}`, {
        ...(other !== null ? { hint: `the record looks like ${other}: is this the ${other} file given as ${name}?` } : {}),
      });
    }
    const first = firstLine.get(item.id);
    if (first !== undefined) throw new UsageError(`${path}:${i + 1}: duplicate id "${item.id}" (first on line ${first})`);
    firstLine.set(item.id, i + 1);
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
