// A run folder's name, and the part of it others write to: the logs and pid files of the servers gkt starts.
import { join } from 'node:path';

export interface RunLayout {
  dir: string;
  serversDir: string;
  serverLog(model: string): string;
  /** The pid of a server gkt launched, kept while it runs so a resumed run can take it over. */
  serverPid(model: string): string;
}

/** A shard's folder carries its shard in the name, so shards run side by side and `gkt report` merges them. */
export function runFolderName(name: string, shard?: { index: number; count: number }): string {
  return shard ? `${name}.shard-${shard.index}-of-${shard.count}` : name;
}

export function runLayout(dir: string): RunLayout {
  const serversDir = join(dir, 'servers');
  return {
    dir,
    serversDir,
    serverLog: (model) => join(serversDir, `${model}.log`),
    serverPid: (model) => join(serversDir, `${model}.pid`),
  };
}
