// The one place the viewer reads run folders: through the report's loader, each cell's index built as its records stream past, and one item's records read on demand through the results store.
import { loadRun, type RecordVisitor } from '../report/load-run.js';
import type { RunData } from '../report/run-data.js';
import { RequestTimes } from '../report/segments.js';
import { contentStamp } from '../results/read-run.js';
import { RecordSet } from '../results/record-set.js';
import type { RecordKind } from '../results/read-records.js';
import type { SegmentRecord } from '../results/records.js';
import type { Cell } from '../plan/types.js';
import { CellIndexBuilder } from './cell-index.js';
import { checkRunFolder } from './folder-guard.js';
import type { CellIndex, ItemTable } from './item-bits.js';

/** A list shows the start of each question; the item page reads the whole. */
const QUESTION_CHARS = 160;

/** What the viewer keeps of a pass's or cell's files for its progress: their segments, every request's times, records that stand. */
export interface PhaseLines {
  segments: SegmentRecord[];
  times: RequestTimes;
  /** Items with a standing record, and those of them that failed. */
  records: number;
  errors: number;
}

export interface RunRead {
  run: RunData;
  /** Per cell id: flags and answers of each planned item, no texts. */
  indexes: Map<string, CellIndex>;
  /** Per dataset table key (see tableKey): each item's question start and gold, shared by the cells that ran it. */
  tables: Map<string, ItemTable>;
  /** Per pass and cell id. */
  phases: Map<string, PhaseLines>;
}

/** Cells of one dataset file and prompt format show each question the same way. */
export const tableKey = (cell: Cell): string => `${cell.dataset.name}:${cell.dataset.sha256}:${cell.prompt.format}`;

function phaseLines(phases: Map<string, PhaseLines>, id: string): PhaseLines {
  let phase = phases.get(id);
  if (phase === undefined) {
    phase = { segments: [], times: new RequestTimes(), records: 0, errors: 0 };
    phases.set(id, phase);
  }
  return phase;
}

/**
 * Reads the folders once, as `gkt report` reads them (a folder that is not a run, or a link leading out
 * of the roots, is refused first), keeping of the records only what the pages list and filter on.
 */
export async function readRun(roots: readonly string[]): Promise<RunRead> {
  for (const root of roots) await checkRunFolder(root, roots);
  const builders = new Map<string, CellIndexBuilder>();
  const tables = new Map<string, { questions: Map<string, string>; gold: Map<string, string> }>();
  const phases = new Map<string, PhaseLines>();
  const visitor: RecordVisitor = {
    cell(source, line, standing) {
      const phase = phaseLines(phases, source.cell.id);
      if (line.type === 'segment') {
        phase.segments.push(line);
        return;
      }
      phase.times.add(line.student?.timing ?? null);
      if (standing === null) return;
      phase.records += 1;
      if (line.error !== null) phase.errors += 1;
      let builder = builders.get(source.cell.id);
      if (builder === undefined) {
        builder = new CellIndexBuilder(source.cell.id, source.planned);
        builders.set(source.cell.id, builder);
      }
      builder.add(standing.position, line, standing.scores);
      const key = tableKey(source.cell);
      let table = tables.get(key);
      if (table === undefined) {
        table = { questions: new Map(), gold: new Map() };
        tables.set(key, table);
      }
      if (!table.questions.has(line.item)) table.questions.set(line.item, line.question.slice(0, QUESTION_CHARS));
      if (!table.gold.has(line.item)) table.gold.set(line.item, line.gold.slice(0, QUESTION_CHARS));
    },
    pass(source, line, standing) {
      const phase = phaseLines(phases, source.pass.id);
      if (line.type === 'segment') {
        phase.segments.push(line);
        return;
      }
      phase.times.add(line.timing);
      if (!standing) return;
      phase.records += 1;
      if (line.error !== null) phase.errors += 1;
    },
  };
  const run = await loadRun([...roots], { visitor });
  const indexes = new Map<string, CellIndex>();
  for (const data of run.cells) {
    const id = data.cell.id;
    indexes.set(id, (builders.get(id) ?? new CellIndexBuilder(id, data.outcomes.items)).build());
    const key = tableKey(data.cell);
    if (!tables.has(key)) tables.set(key, { questions: new Map(), gold: new Map() });
  }
  return { run, indexes, tables, phases };
}

/**
 * One pass's or cell's records over the run folders, read by item as the report chose them (the links
 * checked again first: files may have changed since the index was built). Close it after use.
 */
export async function openRecords<K extends RecordKind>(roots: readonly string[], kind: K, id: string): Promise<RecordSet<K>> {
  for (const root of roots) await checkRunFolder(root, roots);
  return RecordSet.open(roots, kind, id);
}

/** Sizes and times of every file the figures come from: a change means records arrived (or a run began or was mended). */
export function folderStamp(roots: readonly string[]): Promise<string> {
  return contentStamp(roots);
}
