// Reads and merges the run folders a report is given, one record file at a time: each pass and cell is counted into its figures as its records stream past.
import { readRecordHeader, recordFilePath, scanRecordFile } from '../results/read-run.js';
import { standingLines, stands } from '../results/record-set.js';
import type { CellHeader, ItemRecord, PassHeader, SegmentRecord, TeacherRecord } from '../results/records.js';
import { UsageError } from '../util/errors.js';
import { Positions } from '../util/positions.js';
import { CellTally } from './cell-tally.js';
import { itemSet, mergeFolders, type CellSource, type PassSource } from './merge.js';
import { readRunFolder, type FolderData, type ReadOptions } from './read-folder.js';
import { rescoreItem, storedScores, templateForCell, type Scores } from './rescore.js';
import type { CellData, PassData, RunData } from './run-data.js';
import type { ShardCheckOptions } from './shard-checks.js';
import { OUTSIDE_PLAN } from './segments.js';
import { PassTally } from './teacher-time.js';

/** What a reader beside the report (the viewer) is shown of each record file as the report reads it, so the files are read once. */
export interface RecordVisitor {
  /**
   * Each line of a cell's files. For the record standing for a planned item: its position among the
   * cell's planned items, and its scores as the report counted them; null for any other line.
   */
  cell?(source: CellSource, line: ItemRecord | SegmentRecord, standing: { position: number; scores: Scores } | null): void;
  /** Each line of a pass's files; `standing` when the record stands for its item. */
  pass?(source: PassSource, line: TeacherRecord | SegmentRecord, standing: boolean): void;
}

export interface LoadOptions extends ReadOptions, ShardCheckOptions {
  visitor?: RecordVisitor;
}

export async function loadRun(runDirs: string[], options: LoadOptions = {}): Promise<RunData> {
  if (runDirs.length === 0) throw new UsageError('report: give at least one run folder');
  const folders: FolderData[] = [];
  for (const dir of runDirs) folders.push(await readRunFolder(dir, options));
  // Files no plan of their folder lists are known by their headers alone.
  const headers = new Map<string, PassHeader | CellHeader | null>();
  for (const folder of folders) {
    const listed = new Set([...folder.plan.passes, ...folder.plan.cells].map((p) => p.id));
    for (const id of folder.passIds) if (!listed.has(id)) headers.set(`${folder.dir}\0${id}`, await readRecordHeader(folder.dir, 'pass', id));
    for (const id of folder.cellIds) if (!listed.has(id)) headers.set(`${folder.dir}\0${id}`, await readRecordHeader(folder.dir, 'cell', id));
  }
  const merged = mergeFolders(folders, {
    cell: (folder, id) => (headers.get(`${folder.dir}\0${id}`) as CellHeader | null | undefined)?.cell ?? null,
    pass: (folder, id) => (headers.get(`${folder.dir}\0${id}`) as PassHeader | null | undefined)?.pass ?? null,
  }, options);
  const { warnings } = merged;

  const passes = new Map<string, PassData>();
  for (const source of merged.passes.values()) passes.set(source.pass.id, await readPass(source, warnings, options.visitor));

  const cells: CellData[] = [];
  let duplicateTotal = 0;
  for (const source of merged.cells.values()) {
    const template = options.storedScores ? null : templateForCell(merged.prompts, source.cell);
    const score = template === null ? storedScores : (record: ItemRecord) => rescoreItem(record, source.cell, template);
    const tally = await readCell(source, score, warnings, options.visitor);
    duplicateTotal += tally.duplicates;
    if (tally.unplanned > 0) warnings.push(`cell ${source.cell.label}: ${tally.unplanned} record(s) for items no plan lists were not scored`);
    const reason = `no prompt file in the run folder matches the cell's prompt sha256 ${source.cell.prompt.sha256.slice(0, 12)}; stored answers were used`;
    const data = tally.figures({
      passes,
      models: merged.models,
      rescore: { applied: template !== null, reason: template === null ? reason : null },
      origins: source.origins,
      dirs: source.folders.map((f) => f.dir),
    });
    for (const [role, time] of [['teacher', data.figures.time.teacher], ['student', data.figures.time.student]] as const) {
      if (time?.reason?.startsWith(OUTSIDE_PLAN)) warnings.push(`cell ${source.cell.label}: ${role} time not shown: ${time.reason}`);
    }
    cells.push(data);
  }
  if (duplicateTotal > 0) {
    warnings.push(`${duplicateTotal} item record(s) appeared more than once (retries or overlapping folders); one per item was kept, preferring a record without error`);
  }
  return { ...merged, cells, passes };
}

const tornWarning = (path: string) => `${path}: the last line is torn (an interrupted write) and was skipped`;

const dirsOf = (folders: readonly FolderData[]) => folders.map((folder) => folder.dir);

/** A pass's records from every folder holding it, one per item, counted into its phase time per guidance length. */
async function readPass(source: PassSource, warnings: string[], visitor?: RecordVisitor): Promise<PassData> {
  const { pass } = source;
  const tally = new PassTally(pass, source.lengths);
  const planned = itemSet(source.planned);
  const stand = await standingLines(dirsOf(source.folders), 'pass', pass.id);
  for (const [i, folder] of source.folders.entries()) {
    const scan = await scanRecordFile(folder.dir, 'pass', pass.id, (line, at) => {
      // Pass files hold no notes: the reader refuses them there.
      if (line.type === 'acceptance' || line.type === 'vocabulary') return;
      if (line.type === 'segment') {
        tally.segment(line);
        visitor?.pass?.(source, line, false);
        return;
      }
      tally.timing(line.timing, planned.has(line.item));
      const standing = stands(stand[i]!, at.offset);
      if (standing) tally.add(line);
      visitor?.pass?.(source, line, standing);
    });
    if (scan?.torn) warnings.push(tornWarning(recordFilePath(folder.dir, 'pass', pass.id)));
  }
  return { pass, times: new Map([...source.lengths].map((k) => [k, tally.time(k)])) };
}

/** A cell's records from every folder holding it: the one standing for each planned item counted, the others counted as duplicates. */
async function readCell(source: CellSource, score: (record: ItemRecord) => Scores, warnings: string[], visitor?: RecordVisitor): Promise<CellTally> {
  const places = positions(source.planned);
  const tally = new CellTally(source.cell, source.planned, places);
  const stand = await standingLines(dirsOf(source.folders), 'cell', source.cell.id);
  for (const [i, folder] of source.folders.entries()) {
    const scan = await scanRecordFile(folder.dir, 'cell', source.cell.id, (line, at) => {
      if (line.type === 'acceptance' || line.type === 'vocabulary') {
        tally.note(line);
        return;
      }
      if (line.type === 'segment') {
        tally.segment(line);
        visitor?.cell?.(source, line, null);
        return;
      }
      const position = places.get(line.item);
      tally.timing(line.student?.timing ?? null, position !== undefined);
      if (position === undefined) tally.unplanned += 1;
      else if (stands(stand[i]!, at.offset)) {
        const scores = score(line);
        tally.add(line, scores);
        visitor?.cell?.(source, line, { position, scores });
        return;
      } else tally.duplicates += 1;
      visitor?.cell?.(source, line, null);
    });
    if (scan?.torn) warnings.push(tornWarning(recordFilePath(folder.dir, 'cell', source.cell.id)));
  }
  return tally;
}

/** Each planned item's position in its list, shared by every cell planned on the same list. */
const positionLists = new WeakMap<readonly string[], Positions>();

function positions(items: readonly string[]): Positions {
  let found = positionLists.get(items);
  if (found === undefined) {
    found = new Positions(items);
    positionLists.set(items, found);
  }
  return found;
}
