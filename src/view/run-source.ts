// The one place the viewer reads run folders, through the report's readers: whole runs for the index, one cell's records on demand.
import { stat, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { mergeFolders } from '../report/merge.js';
import { readRunFolder, type FolderData, type JsonlFile } from '../report/read-folder.js';
import { readJsonl } from '../results/jsonl.js';
import { runLayout } from '../results/layout.js';
import { checkRunFolder } from './folder-guard.js';
import type { RunData } from '../report/run-data.js';
import type { CellLine, ItemRecord, PassLine, TeacherRecord } from '../results/records.js';

/** A folder without its records: enough to merge one phase file read later, as the report merges it. */
type Skeleton = Omit<FolderData, 'passFiles' | 'cellFiles'>;

export interface RunRead {
  run: RunData;
  /** Per cell id, the files holding its records, with the folder each belongs to. */
  cellFiles: Map<string, Array<{ folder: number; path: string }>>;
  passFiles: Map<string, Array<{ folder: number; path: string }>>;
  skeletons: Skeleton[];
}

/** Which phase a file holds: its header's id, else its name, as the report's merge decides. */
function phaseFiles<T extends { type: string }>(
  folders: readonly FolderData[],
  pick: (folder: FolderData) => Array<JsonlFile<T>>,
  idOf: (line: T) => string | null,
): Map<string, Array<{ folder: number; path: string }>> {
  const byId = new Map<string, Array<{ folder: number; path: string }>>();
  folders.forEach((folder, index) => {
    for (const file of pick(folder)) {
      const header = file.lines.map(idOf).find((id) => id !== null);
      const id = header ?? file.id;
      byId.set(id, [...(byId.get(id) ?? []), { folder: index, path: file.path }]);
    }
  });
  return byId;
}

/** Reads every folder whole (texts included, as `gkt report` does); the caller keeps what it needs and lets the rest go. */
export async function readRun(roots: readonly string[]): Promise<RunRead> {
  const folders: FolderData[] = [];
  for (const root of roots) {
    await checkRunFolder(root, roots);
    folders.push(await readRunFolder(root));
  }
  return {
    run: mergeFolders(folders),
    cellFiles: phaseFiles<CellLine>(folders, (f) => f.cellFiles, (line) => (line.type === 'cell' ? line.cell.id : null)),
    passFiles: phaseFiles<PassLine>(folders, (f) => f.passFiles, (line) => (line.type === 'pass' ? line.pass.id : null)),
    skeletons: folders.map(({ passFiles: _p, cellFiles: _c, ...skeleton }) => skeleton),
  };
}

async function readFile<T>(path: string): Promise<JsonlFile<T>> {
  const read = await readJsonl<T>(path);
  return { path, id: basename(path, '.jsonl'), lines: read.records, torn: read.tornTail !== null };
}

type Located = Array<{ folder: number; path: string }>;

/** Checks the links again (files may have changed since the index was built), then reads and merges. */
async function mergeOne(
  read: Pick<RunRead, 'skeletons'>,
  files: Located,
  roots: readonly string[],
  place: (folder: Skeleton, files: Array<JsonlFile<never>>) => FolderData,
): Promise<RunData> {
  for (const root of new Set(files.map((f) => roots[f.folder]))) if (root !== undefined) await checkRunFolder(root, roots);
  const loaded = await Promise.all(files.map(async (f) => ({ folder: f.folder, file: await readFile<never>(f.path) })));
  return mergeFolders(read.skeletons.map((skeleton, i) => place(skeleton, loaded.filter((l) => l.folder === i).map((l) => l.file))));
}

/** One cell's records, merged over its files as a report merges them (one record per item). */
export async function readCellRecords(read: Pick<RunRead, 'skeletons'>, files: Located, roots: readonly string[], cell: string): Promise<Map<string, ItemRecord>> {
  const run = await mergeOne(read, files, roots, (skeleton, cellFiles) => ({ ...skeleton, passFiles: [], cellFiles, prompts: [] }));
  return run.cells.find((c) => c.cell.id === cell)?.records ?? new Map();
}

export async function readPassRecords(read: Pick<RunRead, 'skeletons'>, files: Located, roots: readonly string[], pass: string): Promise<Map<string, TeacherRecord>> {
  const run = await mergeOne(read, files, roots, (skeleton, passFiles) => ({ ...skeleton, passFiles, cellFiles: [], prompts: [] }));
  return run.passes.get(pass)?.records ?? new Map();
}

/** Sizes and times of every file a report reads: a change means records arrived (or a run began or was mended). */
export async function folderStamp(roots: readonly string[]): Promise<string> {
  const parts: string[] = [];
  for (const root of roots) {
    const layout = runLayout(root);
    for (const path of [layout.manifest, layout.plan]) parts.push(await statPart(path));
    for (const dir of [layout.cellsDir, layout.teacherDir, layout.promptsDir]) {
      const names = (await readdir(dir).catch(() => [] as string[])).sort();
      for (const name of names) parts.push(await statPart(join(dir, name)));
    }
  }
  return parts.join('\n');
}

async function statPart(path: string): Promise<string> {
  const info = await stat(path).catch(() => null);
  return info === null ? `${path} -` : `${path} ${info.size} ${info.mtimeMs}`;
}
