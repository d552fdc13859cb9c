// Where each file of a run lives: the one place that knows the results folder's layout.
import { join } from 'node:path';

export interface RunLayout {
  dir: string;
  manifest: string;
  plan: string;
  lock: string;
  summary: string;
  teacherDir: string;
  cellsDir: string;
  promptsDir: string;
  serversDir: string;
  pass(id: string): string;
  cell(id: string): string;
  serverLog(model: string): string;
  /** The pid of a server gkt launched, kept while it runs so a resumed run can take it over. */
  serverPid(model: string): string;
}

/** A shard's folder carries its shard in the name, so shards run side by side and `gkt report` merges them. */
export function runFolderName(name: string, shard?: { index: number; count: number }): string {
  return shard ? `${name}.shard-${shard.index}-of-${shard.count}` : name;
}

export function runLayout(dir: string): RunLayout {
  const teacherDir = join(dir, 'teacher');
  const cellsDir = join(dir, 'cells');
  const serversDir = join(dir, 'servers');
  return {
    dir,
    manifest: join(dir, 'manifest.json'),
    plan: join(dir, 'plan.json'),
    lock: join(dir, '.lock'),
    summary: join(dir, 'summary.txt'),
    teacherDir,
    cellsDir,
    promptsDir: join(dir, 'prompts'),
    serversDir,
    pass: (id) => join(teacherDir, `${id}.jsonl`),
    cell: (id) => join(cellsDir, `${id}.jsonl`),
    serverLog: (model) => join(serversDir, `${model}.log`),
    serverPid: (model) => join(serversDir, `${model}.pid`),
  };
}
