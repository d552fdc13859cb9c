// Is a dataset file where gkt expects it, and does it hold the bytes its source pins?
import { readFile } from 'node:fs/promises';
import { UsageError } from '../util/errors.js';
import { sha256 } from '../util/hash.js';
import { sourcePath } from './paths.js';
import { DATASET_SOURCES, type DatasetSources } from './sources.js';
import type { DatasetName } from '../vocabulary.js';

export type DatasetState = 'verified' | 'modified' | 'missing';

export interface DatasetStatus {
  name: DatasetName;
  path: string;
  state: DatasetState;
  /** The file's sha256, or null when it is missing. */
  sha256: string | null;
  expected: string;
}

export async function inspectDataset(
  name: DatasetName,
  datasetsDir: string,
  sources: DatasetSources = DATASET_SOURCES,
): Promise<DatasetStatus> {
  const path = sourcePath(sources[name], datasetsDir);
  const expected = sources[name].sha256;
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { name, path, state: 'missing', sha256: null, expected };
    throw new UsageError(`${path}: cannot read the ${name} dataset (${code ?? String(error)})`, { cause: error });
  }
  const actual = sha256(bytes);
  return { name, path, state: actual === expected ? 'verified' : 'modified', sha256: actual, expected };
}
