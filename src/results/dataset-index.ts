// Where each item of a run's dataset file is, kept in the run folder: a rerun knows its items without reading the dataset again.
import { createHash } from 'node:crypto';
import { ItemRefs, type ScannedDataset } from '../datasets/scan.js';
import type { DatasetName } from '../vocabulary.js';
import { writeLinesAtomic } from '../util/atomic-write.js';
import { fileStamp, sameStamp, type FileStamp } from './file-stamp.js';
import { FORMAT } from './format.js';
import { readIndexLines } from './index-lines.js';

interface DatasetIndexHeader {
  type: 'dataset-index';
  format: typeof FORMAT;
  dataset: DatasetName;
  /** The dataset file as it was when its items were read: any change to it makes the index stale. */
  path: string;
  stamp: FileStamp;
  /** sha256 of the dataset file. */
  sha256: string;
  items: number;
  /** sha256 of the index's own lines after this one. */
  body: string;
}

type EntryLine = [string, number, number, number, number];

/** The items of the dataset at `path`, from the index when it describes the file as it now is; else null. */
export async function readDatasetIndex(indexPath: string, name: DatasetName, path: string): Promise<ScannedDataset | null> {
  const stamp = await fileStamp(path);
  if (stamp === null) return null;
  const refs = ItemRefs.empty();
  const read = await readIndexLines<DatasetIndexHeader>(
    indexPath,
    'datasetIndexHeader',
    (header) => header.dataset === name && header.path === path && sameStamp(header.stamp, stamp),
    'datasetIndexEntry',
    (entry) => {
      const [id, index, number, offset, bytes] = entry as EntryLine;
      refs.push({ id, index, line: number, offset, bytes });
      return true;
    },
  );
  if (read === null) return null;
  const { items, body, sha256 } = read.header;
  if (items !== refs.length || body !== read.sha256) return null;
  return { name, path, sha256, refs };
}

/** Keeps where the items are, if the dataset file is still as it was when `stamp` was taken (before it was read). */
export async function writeDatasetIndex(indexPath: string, dataset: ScannedDataset, stamp: FileStamp): Promise<void> {
  const now = await fileStamp(dataset.path);
  if (now === null || !sameStamp(now, stamp)) return;
  const lines = function* (): Generator<string> {
    for (const r of dataset.refs) yield `${JSON.stringify([r.id, r.index, r.line, r.offset, r.bytes] satisfies EntryLine)}\n`;
  };
  const body = createHash('sha256');
  for (const line of lines()) body.update(line);
  const header: DatasetIndexHeader = {
    type: 'dataset-index',
    format: FORMAT,
    dataset: dataset.name,
    path: dataset.path,
    stamp,
    sha256: dataset.sha256,
    items: dataset.refs.length,
    body: body.digest('hex'),
  };
  await writeLinesAtomic(indexPath, (function* () {
    yield `${JSON.stringify(header)}\n`;
    yield* lines();
  })());
}
