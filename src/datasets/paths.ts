// Where a dataset's file lives inside a datasets folder.
import { join } from 'node:path';
import { DATASET_SOURCES, type DatasetSource } from './sources.js';
import { DATASET_NAMES, type DatasetName } from '../vocabulary.js';

export function defaultDatasetPath(name: DatasetName, datasetsDir: string): string {
  return sourcePath(DATASET_SOURCES[name], datasetsDir);
}

export function sourcePath(source: DatasetSource, datasetsDir: string): string {
  return join(datasetsDir, ...source.file.split('/'));
}

export function isDatasetName(name: string): name is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(name);
}
