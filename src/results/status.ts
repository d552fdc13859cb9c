// What a run folder has recorded of a plan: per pass and cell, items answered and items that failed, read from the indexes.
import type { PhaseStatus } from '../plan/status.js';
import type { Plan } from '../plan/types.js';
import { Positions } from '../util/positions.js';
import { fileStamp } from './file-stamp.js';
import type { RunPaths } from './paths.js';
import { eachIndexEntry, itemsHash, readIndexHead } from './record-index.js';
import type { RecordKind } from './read-records.js';

export interface RecordedStatus {
  /** Per pass and cell id, in plan order. */
  phases: Map<string, PhaseStatus>;
  /** Passes and cells whose files hold a torn last line, duplicate records or an older format: a run mends them. */
  mend: Set<string>;
}

/**
 * Per pass and cell: planned items answered, failed, and in all. An item a cell failed because its teacher
 * had, whose pass has answered since, is neither: it is left to redo, as the runner will.
 *
 * An index holding exactly the planned items says so in its header, with its counts: then no entry is read.
 * Otherwise entries are counted as they are read, holding per planned item a byte (did the pass answer it).
 */
export async function recordedStatus(paths: RunPaths, plan: Plan, options: { save: boolean }): Promise<RecordedStatus> {
  const phases = new Map<string, PhaseStatus>();
  const mend = new Set<string>();
  const hashes = new Map<string, string>();
  const positions = new Map<string, Positions>();
  const itemsOf = (dataset: string): readonly string[] => plan.items[dataset as keyof Plan['items']] ?? [];
  const hashOf = (dataset: string): string => {
    let hash = hashes.get(dataset);
    if (hash === undefined) {
      hash = itemsHash(itemsOf(dataset));
      hashes.set(dataset, hash);
    }
    return hash;
  };
  const positionsOf = (dataset: string): Positions => {
    let found = positions.get(dataset);
    if (found === undefined) {
      found = new Positions(itemsOf(dataset));
      positions.set(dataset, found);
    }
    return found;
  };

  /** Reads the entries, counting them; returns which planned items are answered. */
  const countEntries = async (kind: RecordKind, id: string, dataset: string, passAnswered: (() => Promise<Uint8Array>) | null): Promise<Uint8Array> => {
    const planned = positionsOf(dataset);
    const redoable = passAnswered === null ? null : await passAnswered();
    const answered = new Uint8Array(planned.size);
    let done = 0;
    let failed = 0;
    const read = await eachIndexEntry(kind, id, filePath(kind, id), indexPath(kind, id), options.save, (item, entry) => {
      const at = planned.get(item);
      if (at === undefined) return;
      if (entry.error === null) {
        answered[at] = 1;
        done += 1;
      } else if (!(entry.error === 'teacher' && redoable?.[at] === 1)) {
        failed += 1;
      }
    });
    phases.set(id, { done, failed, total: planned.size });
    if (read.mend) mend.add(id);
    return answered;
  };
  const filePath = (kind: RecordKind, id: string) => (kind === 'pass' ? paths.pass(id) : paths.cell(id));
  const indexPath = (kind: RecordKind, id: string) => (kind === 'pass' ? paths.passIndex(id) : paths.cellIndex(id));

  /**
   * From the index's header when it holds exactly the planned items (plan ids are unique) and no item its
   * teacher failed, which the pass may have answered since.
   */
  const countFast = async (kind: RecordKind, id: string, dataset: string): Promise<boolean> => {
    const stamp = await fileStamp(filePath(kind, id));
    const total = itemsOf(dataset).length;
    if (stamp === null || stamp.size === 0) {
      phases.set(id, { done: 0, failed: 0, total });
      return true;
    }
    const head = await readIndexHead(indexPath(kind, id), kind, id, stamp);
    if (head === null || head.items !== hashOf(dataset) || head.entries !== total) return false;
    if (kind === 'cell' && head.failed.teacher > 0) return false;
    phases.set(id, { done: head.answered, failed: head.failed.teacher + head.failed.student, total });
    if (head.duplicates > 0) mend.add(id);
    return true;
  };

  for (const pass of plan.passes) {
    const dataset = pass.dataset.name;
    let answered: Uint8Array | null = null;
    const passAnswered = async () => (answered ??= await countEntries('pass', pass.id, dataset, null));
    if (!(await countFast('pass', pass.id, dataset))) await passAnswered();
    for (const cell of plan.cells.filter((c) => c.teacher?.pass === pass.id)) {
      if (!(await countFast('cell', cell.id, cell.dataset.name))) await countEntries('cell', cell.id, cell.dataset.name, passAnswered);
    }
  }
  for (const cell of plan.cells.filter((c) => c.teacher === null || !plan.passes.some((p) => p.id === c.teacher?.pass))) {
    if (!(await countFast('cell', cell.id, cell.dataset.name))) await countEntries('cell', cell.id, cell.dataset.name, null);
  }
  // In plan order, passes then cells, as `gkt plan` lists them.
  return { phases: new Map([...plan.passes, ...plan.cells].map((phase) => [phase.id, phases.get(phase.id)!])), mend };
}
