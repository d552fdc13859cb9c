// Before shards are merged: each shard of a run given once, all of one sweep and one record format, none missing.
import { canonicalJson } from '../util/hash.js';
import { UsageError } from '../util/errors.js';
import { recordFormat } from './record-format.js';
import type { Cell } from '../plan/types.js';
import type { FolderData } from './read-folder.js';

export interface MissingShard {
  run: string;
  index: number;
  count: number;
}

export interface ShardCheckOptions {
  /** Report the shards given even when others of their run are missing (the report says so). */
  allowMissing?: boolean;
}

const shardName = (folder: FolderData) => `shard ${folder.manifest.shard!.index} of ${folder.manifest.shard!.count}`;

/**
 * Refuses, with one line naming the folders, shards that cannot be merged into their run: two folders
 * holding the same items of a cell, shards of different sweeps, selections or record formats, and a run
 * with shards missing (unless allowed). Returns the missing shards that were allowed.
 */
export function checkShards(folders: readonly FolderData[], options: ShardCheckOptions = {}): MissingShard[] {
  const runs = new Map<string, FolderData[]>();
  for (const folder of folders) {
    if (folder.manifest.shard === null) continue;
    runs.set(folder.manifest.run, [...(runs.get(folder.manifest.run) ?? []), folder]);
  }
  const missing: MissingShard[] = [];
  for (const [run, shards] of runs) missing.push(...checkRun(run, shards));
  checkOverlap(folders);
  if (missing.length > 0 && !options.allowMissing) {
    const first = missing[0]!;
    const same = missing.filter((m) => m.run === first.run);
    const which = same.length === 1 ? `shard ${first.index} of ${first.count} is` : `shards ${same.map((m) => m.index).join(', ')} of ${first.count} are`;
    throw new UsageError(`run "${first.run}": ${which} missing from the folders given`, {
      hint: 'give every shard\'s folder, or add --allow-missing-shards to report these alone (every table is then marked incomplete)',
    });
  }
  return missing;
}

/**
 * No item of a cell in two folders where either is a shard: a shard given twice, or beside its unsharded
 * run. Only cells listed by two such folders are looked at, one at a time.
 */
function checkOverlap(folders: readonly FolderData[]): void {
  if (folders.length < 2 || folders.every((folder) => folder.manifest.shard === null)) return;
  const listing = new Map<string, { cell: Cell; folders: number[] }>();
  folders.forEach((folder, index) => {
    for (const cell of folder.plan.cells) {
      const entry = listing.get(cell.id) ?? { cell, folders: [] };
      entry.folders.push(index);
      listing.set(cell.id, entry);
    }
  });
  for (const { cell, folders: holders } of listing.values()) {
    if (holders.length < 2) continue;
    const owner = new Map<string, number>();
    for (const index of holders) {
      const folder = folders[index]!;
      for (const item of folder.plan.items[cell.dataset.name] ?? []) {
        const before = owner.get(item);
        if (before === undefined) {
          owner.set(item, index);
          continue;
        }
        const other = folders[before]!;
        if (before === index || (other.manifest.shard === null && folder.manifest.shard === null)) continue;
        throw new UsageError(`${other.dir} and ${folder.dir} both hold item ${item} of cell ${cell.label} (${cell.id}): overlapping shards cannot be merged`, {
          hint: 'give each shard of a run once, and not beside an unsharded run of the same cells',
        });
      }
    }
  }
}

function checkRun(run: string, shards: readonly FolderData[]): MissingShard[] {
  const first = shards[0]!;
  const count = first.manifest.shard!.count;
  const seen = new Map<number, FolderData>();
  for (const folder of shards) {
    const shard = folder.manifest.shard!;
    if (shard.count !== count) {
      throw new UsageError(`run "${run}": ${first.dir} is ${shardName(first)} but ${folder.dir} is ${shardName(folder)}: shards of different splits cannot be merged`);
    }
    const twin = seen.get(shard.index);
    if (twin !== undefined) throw new UsageError(`run "${run}": ${twin.dir} and ${folder.dir} are both ${shardName(folder)}; give each shard once`);
    seen.set(shard.index, folder);
    const differs = sweepDifference(first, folder);
    if (differs !== null) {
      throw new UsageError(`run "${run}": ${folder.dir} (${shardName(folder)}) is not of the same sweep as ${first.dir} (${shardName(first)}): ${differs}`);
    }
    const [a, b] = [recordFormat(first.manifest), recordFormat(folder.manifest)];
    if (a !== b) {
      throw new UsageError(`run "${run}": ${first.dir} holds records of format ${a} and ${folder.dir} of format ${b}; shards of different record formats cannot be merged`, {
        hint: 'rerun the older shards with this gkt: a rerun rewrites their records in its format and requests only what is missing',
      });
    }
  }
  const missing: MissingShard[] = [];
  for (let index = 1; index <= count; index++) if (!seen.has(index)) missing.push({ run, index, count });
  return missing;
}

/** What makes two shards parts of different sweeps: their cells and passes, their data files, their item selections. */
function sweepDifference(a: FolderData, b: FolderData): string | null {
  const ids = (folder: FolderData) => new Set([...folder.plan.cells.map((c) => c.id), ...folder.plan.passes.map((p) => p.id)]);
  const [left, right] = [ids(a), ids(b)];
  const only = [...left].filter((id) => !right.has(id)).length + [...right].filter((id) => !left.has(id)).length;
  if (only > 0) return `${only} cell(s) or teacher pass(es) are in one plan only (a changed config)`;
  const names = new Set([...a.manifest.datasets.keys(), ...b.manifest.datasets.keys()]);
  for (const name of names) {
    const [x, y] = [a.manifest.datasets.get(name), b.manifest.datasets.get(name)];
    if (x?.sha256 !== y?.sha256) return `their ${name} files differ (sha256 ${short(x?.sha256)} and ${short(y?.sha256)})`;
    const [sx, sy] = [unsharded(x?.selection), unsharded(y?.selection)];
    if (sx !== sy) return `they select ${name} items differently (${sx} and ${sy}: --limit, --sample or --seed differ)`;
  }
  return null;
}

const short = (sha: string | null | undefined) => (sha ? sha.slice(0, 12) : 'unknown');

function unsharded(selection: unknown): string {
  if (selection === null || typeof selection !== 'object') return '{}';
  const { shard: _shard, ...rest } = selection as Record<string, unknown>;
  return canonicalJson(rest);
}
