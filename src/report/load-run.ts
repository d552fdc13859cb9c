// Reads and merges the run folders a report is given.
import { UsageError } from '../util/errors.js';
import { mergeFolders } from './merge.js';
import { readRunFolder, type ReadOptions } from './read-folder.js';
import type { RunData } from './run-data.js';
import type { ShardCheckOptions } from './shard-checks.js';

export async function loadRun(runDirs: string[], options: ReadOptions & ShardCheckOptions = {}): Promise<RunData> {
  if (runDirs.length === 0) throw new UsageError('report: give at least one run folder');
  const folders = [];
  for (const dir of runDirs) folders.push(await readRunFolder(dir, options));
  return mergeFolders(folders, options);
}
