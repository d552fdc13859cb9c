// Reads and merges the run folders a report is given, one record file at a time: each pass and cell is counted into its figures as its records stream past.
import type { RecordIndex } from '../results/record-index.js';
import { preferRecord } from '../results/record-choice.js';
import { indexedDuplicates, readRecordHeader, recordFilePath, recordIndexOf, scanRecordFile } from '../results/read-run.js';
import type { CellHeader, PassHeader } from '../results/records.js';
import { UsageError } from '../util/errors.js';
import { Positions } from '../util/positions.js';
import { CellTally } from './cell-tally.js';
import { mergeFolders, type CellSource, type PassSource } from './merge.js';
import { readRunFolder, type FolderData, type ReadOptions } from './read-folder.js';
import { rescoreItem, storedScores, templateForCell, type Scores } from './rescore.js';
import type { CellData, PassData, RunData } from './run-data.js';
import type { ShardCheckOptions } from './shard-checks.js';
import type { ItemRecord } from '../results/records.js';
import { PassTally } from './teacher-time.js';

export async function loadRun(runDirs: string[], options: ReadOptions & ShardCheckOptions = {}): Promise<RunData> {
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
  for (const source of merged.passes.values()) passes.set(source.pass.id, await readPass(source, warnings));

  const cells: CellData[] = [];
  let duplicateTotal = 0;
  for (const source of merged.cells.values()) {
    const template = options.storedScores ? null : templateForCell(merged.prompts, source.cell);
    const score = template === null ? storedScores : (record: ItemRecord) => rescoreItem(record, source.cell, template);
    const tally = await readCell(source, score, warnings);
    duplicateTotal += tally.duplicates;
    if (tally.unplanned > 0) warnings.push(`cell ${source.cell.label}: ${tally.unplanned} record(s) for items no plan lists were not scored`);
    const reason = `no prompt file in the run folder matches the cell's prompt sha256 ${source.cell.prompt.sha256.slice(0, 12)}; stored answers were used`;
    cells.push(
      tally.figures({
        passes,
        models: merged.models,
        rescore: { applied: template !== null, reason: template === null ? reason : null },
        origins: source.origins,
        dirs: source.folders.map((f) => f.dir),
      }),
    );
  }
  if (duplicateTotal > 0) {
    warnings.push(`${duplicateTotal} item record(s) appeared more than once (retries or overlapping folders); one per item was kept, preferring a record without error`);
  }
  return { ...merged, cells, passes };
}

const tornWarning = (path: string) => `${path}: the last line is torn (an interrupted write) and was skipped`;

/** Which lines of a folder's file stand for their items: all of them, or those at these offsets. */
type Standing = 'all' | ReadonlySet<number>;

const stands = (standing: Standing, offset: number): boolean => standing === 'all' || standing.has(offset);

/**
 * Which record stands for each item across the folders holding a file: by the one rule, over each file's
 * index in folder order (the index is the file's own choice, so the order of records is kept). A single
 * file whose index counts no duplicate needs no entry read: each of its records stands.
 */
async function standing(kind: 'pass' | 'cell', id: string, folders: readonly FolderData[]): Promise<Standing[]> {
  if (folders.length === 1 && (await indexedDuplicates(folders[0]!.dir, kind, id)) === 0) return ['all'];
  const indexes: RecordIndex[] = [];
  for (const folder of folders) indexes.push(await recordIndexOf(folder.dir, kind, id));
  if (indexes.length === 1) return [new Set([...indexes[0]!.entries.values()].map((entry) => entry.offset))];
  const chosen = new Map<string, { folder: number; offset: number; error: unknown }>();
  indexes.forEach((index, folder) => {
    for (const [item, entry] of index.entries) chosen.set(item, preferRecord(chosen.get(item), { folder, offset: entry.offset, error: entry.error }));
  });
  const offsets = folders.map(() => new Set<number>());
  for (const entry of chosen.values()) offsets[entry.folder]!.add(entry.offset);
  return offsets;
}

/** A pass's records from every folder holding it, one per item, counted into its phase time per guidance length. */
async function readPass(source: PassSource, warnings: string[]): Promise<PassData> {
  const { pass } = source;
  const tally = new PassTally(pass, source.lengths);
  const stand = await standing('pass', pass.id, source.folders);
  for (const [i, folder] of source.folders.entries()) {
    const scan = await scanRecordFile(folder.dir, 'pass', pass.id, (line, at) => {
      if (line.type === 'segment') return tally.segment(line);
      tally.timing(line.timing);
      if (stands(stand[i]!, at.offset)) tally.add(line);
    });
    if (scan?.torn) warnings.push(tornWarning(recordFilePath(folder.dir, 'pass', pass.id)));
  }
  return { pass, times: new Map([...source.lengths].map((k) => [k, tally.time(k)])) };
}

/** A cell's records from every folder holding it: the one standing for each planned item counted, the others counted as duplicates. */
async function readCell(source: CellSource, score: (record: ItemRecord) => Scores, warnings: string[]): Promise<CellTally> {
  const tally = new CellTally(source.cell, source.planned, positions(source.planned));
  const stand = await standing('cell', source.cell.id, source.folders);
  for (const [i, folder] of source.folders.entries()) {
    const scan = await scanRecordFile(folder.dir, 'cell', source.cell.id, (line, at) => {
      if (line.type === 'segment') return tally.segment(line);
      tally.timing(line.student?.timing ?? null);
      if (!tally.isPlanned(line.item)) tally.unplanned += 1;
      else if (stands(stand[i]!, at.offset)) tally.add(line, score(line));
      else tally.duplicates += 1;
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
