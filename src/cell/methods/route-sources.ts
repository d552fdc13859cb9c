// The recorded answers a router reads: one record per item of another cell's file, as every reader chooses it.
import { readJsonl } from '../../results/jsonl.js';
import { preferRecord } from '../../results/record-choice.js';
import type { CellLine, ItemRecord } from '../../results/records.js';

export async function readCellRecords(path: string): Promise<Map<string, ItemRecord>> {
  const records = new Map<string, ItemRecord>();
  for (const line of (await readJsonl<CellLine>(path)).records) {
    if (line.type === 'item') records.set(line.item, preferRecord(records.get(line.item), line));
  }
  return records;
}
