// Where each file of a run folder lives: names known only inside the results store.
import { join } from 'node:path';

export interface RunPaths {
  dir: string;
  manifest: string;
  plan: string;
  lock: string;
  /** Space held while a session runs, given back so its end can be written on a disk that filled. */
  reserve: string;
  summary: string;
  /** The end-of-run summary's figures, with what they were computed from: a rerun that changed nothing prints them again. */
  summaryCache: string;
  teacherDir: string;
  cellsDir: string;
  /** The index of each record file, named by its pass or cell id: kept apart, so teacher/ and cells/ hold records only. */
  indexDir: string;
  promptsDir: string;
  serversDir: string;
  pass(id: string): string;
  passIndex(id: string): string;
  cell(id: string): string;
  cellIndex(id: string): string;
  /** Where the items of the run's dataset of that name are, for reruns. */
  datasetIndex(name: string): string;
  /** An exemplar text's file, relative to the run folder. */
  promptFile(sha256: string): string;
}

export const RECORDS_EXTENSION = '.jsonl';
const INDEX_EXTENSION = '.index';

export function runPaths(dir: string): RunPaths {
  const teacherDir = join(dir, 'teacher');
  const cellsDir = join(dir, 'cells');
  const indexDir = join(dir, 'index');
  return {
    dir,
    manifest: join(dir, 'manifest.json'),
    plan: join(dir, 'plan.json'),
    lock: join(dir, '.lock'),
    reserve: join(dir, '.space-reserve'),
    summary: join(dir, 'summary.txt'),
    summaryCache: join(dir, '.summary-cache.json'),
    teacherDir,
    cellsDir,
    indexDir,
    promptsDir: join(dir, 'prompts'),
    serversDir: join(dir, 'servers'),
    pass: (id) => join(teacherDir, `${id}${RECORDS_EXTENSION}`),
    passIndex: (id) => join(indexDir, `${id}${INDEX_EXTENSION}`),
    cell: (id) => join(cellsDir, `${id}${RECORDS_EXTENSION}`),
    cellIndex: (id) => join(indexDir, `${id}${INDEX_EXTENSION}`),
    datasetIndex: (name) => join(indexDir, `dataset-${name}${INDEX_EXTENSION}`),
    promptFile: (sha256) => `prompts/${sha256.slice(0, 16)}.txt`,
  };
}
