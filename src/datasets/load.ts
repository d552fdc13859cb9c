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
  const seen = new Set<string>();
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
      if (error instanceof RecordError) throw new UsageError(`${path}:${i + 1}: ${name} record ${error.message}`);
      throw error;
    }
    if (seen.has(item.id)) throw new UsageError(`${path}:${i + 1}: duplicate id "${item.id}"`);
    seen.add(item.id);
    items.push(item);
  }
  if (items.length === 0) throw new UsageError(`${path}: no ${name} records in the file`);
  return items;
}
