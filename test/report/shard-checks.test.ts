// Shards a report cannot merge: overlapping, of another sweep, selection or record format, or missing.
import { describe, expect, it } from 'vitest';
import { checkShards } from '../../src/report/shard-checks.js';
import type { FolderData } from '../../src/report/read-folder.js';
import { cellOf } from './builders.js';

const ITEMS = ['g1', 'g2', 'g3', 'g4', 'g5'];
const CELL = cellOf({ id: 'cell-a', dataset: 'gsm8k', student: { model: 's', l: 100 } });

interface FolderSpec {
  dir: string;
  shard: { index: number; count: number } | null;
  run?: string;
  format?: 1 | 2;
  version?: string;
  cells?: string[];
  selection?: Record<string, unknown>;
  sha?: string;
}

/** A shard folder as read back: round-robin items of the five, one cell. */
function folder(spec: FolderSpec): FolderData {
  const items = spec.shard === null ? ITEMS : ITEMS.filter((_, i) => i % spec.shard!.count === spec.shard!.index - 1);
  return {
    dir: spec.dir,
    manifest: {
      run: spec.run ?? 'sweep',
      format: spec.format ?? 2,
      gkt: { version: spec.version ?? '0.1.0', commit: null },
      config: {},
      models: new Map(),
      prompts: [],
      shard: spec.shard,
      datasets: new Map([['gsm8k', { sha256: spec.sha ?? 'a'.repeat(64), selection: { ...(spec.selection ?? { limit: 5 }), ...(spec.shard ? { shard: spec.shard } : {}) } }]]),
    },
    plan: { run: spec.run ?? 'sweep', passes: [], cells: (spec.cells ?? ['cell-a']).map((id) => ({ ...CELL, id, label: id })), items: { gsm8k: items } },
    passIds: [],
    cellIds: (spec.cells ?? ['cell-a']),
    prompts: [],
  };
}

const shard = (index: number, count: number, extra: Partial<FolderSpec> = {}) => folder({ dir: `r/sweep.shard-${index}-of-${count}`, shard: { index, count }, ...extra });

function refusal(folders: FolderData[], allowMissing = false): string {
  try {
    checkShards(folders, { allowMissing });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('not refused');
}

describe('checkShards', () => {
  it('passes every shard of a run, given once, in any order', () => {
    expect(checkShards([shard(2, 3), shard(1, 3), shard(3, 3)])).toEqual([]);
  });

  it('passes shards written by different gkt versions in one run format', () => {
    expect(checkShards([shard(1, 2), shard(2, 2, { version: '0.2.0' })])).toEqual([]);
  });

  it('passes unsharded runs that share cells, as before (reruns under another name)', () => {
    expect(checkShards([folder({ dir: 'r/a', shard: null }), folder({ dir: 'r/b', shard: null })])).toEqual([]);
  });

  it.each([
    ['a shard given twice', [shard(1, 2), shard(1, 2, { dir: 'copy/sweep.shard-1-of-2' }), shard(2, 2)], /r\/sweep.shard-1-of-2 and copy\/sweep.shard-1-of-2 are both shard 1 of 2; give each shard once/],
    ['a shard beside its unsharded run', [folder({ dir: 'r/sweep', shard: null }), shard(1, 2), shard(2, 2)], /r\/sweep and r\/sweep.shard-1-of-2 both hold item g1/],
    ['shards of two splits', [shard(1, 2), shard(2, 3)], /r\/sweep.shard-1-of-2 is shard 1 of 2 but r\/sweep.shard-2-of-3 is shard 2 of 3/],
    ['a shard of a changed config', [shard(1, 2), shard(2, 2, { cells: ['cell-b'] })], /shard 2 of 2\) is not of the same sweep as .*: 2 cell\(s\) or teacher pass\(es\) are in one plan only/],
    ['a shard of another selection', [shard(1, 2), shard(2, 2, { selection: { limit: 50 } })], /they select gsm8k items differently \(\{"limit":5\} and \{"limit":50\}/],
    ['a shard of another data file', [shard(1, 2), shard(2, 2, { sha: 'c'.repeat(64) })], /their gsm8k files differ/],
    ['a shard of another record format', [shard(1, 2), shard(2, 2, { format: 1 })], /holds records of format 2 and r\/sweep.shard-2-of-2 of format 1; shards of different record formats cannot be merged/],
    ['a missing shard', [shard(1, 3), shard(3, 3)], /^run "sweep": shard 2 of 3 is missing from the folders given$/],
    ['missing shards', [shard(2, 3)], /^run "sweep": shards 1, 3 of 3 are missing/],
  ])('refuses %s, naming the folders', (_, folders, message) => {
    expect(refusal(folders)).toMatch(message);
  });

  it('returns the missing shards when allowed, and still refuses an overlap', () => {
    expect(checkShards([shard(1, 3)], { allowMissing: true })).toEqual([{ run: 'sweep', index: 2, count: 3 }, { run: 'sweep', index: 3, count: 3 }]);
    expect(refusal([folder({ dir: 'r/sweep', shard: null }), shard(1, 2)], true)).toMatch(/both hold item g1 of cell cell-a/);
  });

  it('checks each run on its own: shards of two sweeps merge side by side', () => {
    const other = (index: number) => shard(index, 2, { run: 'other', dir: `r/other.shard-${index}-of-2`, cells: ['cell-z'] });
    expect(checkShards([shard(1, 2), shard(2, 2), other(1), other(2)])).toEqual([]);
  });
});
