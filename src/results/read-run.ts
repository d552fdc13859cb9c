// A run folder as its readers see it (gkt report, a viewer, other tools in-process): manifest, plan and prompts checked, record files read as streams.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Plan } from '../plan/types.js';
import { UsageError } from '../util/errors.js';
import { readManifestAndFormat, readPlanFile } from './documents.js';
import type { FormatVersion } from './format.js';
import type { Manifest } from './manifest.js';
import { RECORDS_EXTENSION, runPaths } from './paths.js';
import { readHeader, scanRecords, type BodyLine, type HeaderOf, type LineAt, type RecordKind, type RecordScan } from './read-records.js';
import { fileStamp } from './file-stamp.js';
import { currentIndex, readIndexHead, type RecordIndex } from './record-index.js';
import { RecordReader } from './record-reader.js';

export interface RunContents {
  dir: string;
  manifest: Manifest;
  /** The run format the folder was written in (its manifest's; a run rewrites its record files in its own). */
  format: FormatVersion;
  plan: Plan;
  /** The exemplar files kept in the folder (none when not asked for). */
  prompts: Array<{ path: string; text: string }>;
  /** The pass and cell files present, by id, sorted. */
  passIds: string[];
  cellIds: string[];
}

async function listIds(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith(RECORDS_EXTENSION)).sort().map((name) => basename(name, RECORDS_EXTENSION));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

const notARun = (dir: string, what: string) =>
  new UsageError(`${dir}: not a run folder (${what} is missing)`, { hint: 'give the folder `gkt run` wrote, e.g. results/<run>' });

/** The folder's manifest, plan and list of record files; its prompt files too when `prompts` is set. */
export async function readRunContents(dir: string, options: { prompts: boolean }): Promise<RunContents> {
  const info = await stat(dir).catch(() => null);
  if (info === null || !info.isDirectory()) throw new UsageError(`${dir}: no such run folder`);
  const paths = runPaths(dir);
  const read = await readManifestAndFormat(paths.manifest);
  if (read === null) throw notARun(dir, 'manifest.json');
  const plan = await readPlanFile(paths.plan);
  if (plan === null) throw notARun(dir, 'plan.json');
  const prompts = [];
  if (options.prompts) {
    const names = (await readdir(paths.promptsDir).catch(() => [] as string[])).filter((name) => name.endsWith('.txt')).sort();
    for (const name of names) prompts.push({ path: join(paths.promptsDir, name), text: await readFile(join(paths.promptsDir, name), 'utf8') });
  }
  return { dir, manifest: read.manifest, format: read.format, plan, prompts, passIds: await listIds(paths.teacherDir), cellIds: await listIds(paths.cellsDir) };
}

/**
 * What of a run folder its readers read: its documents, and the folders whose files they read (records,
 * their indexes, prompts). For a caller that must know, e.g. to follow no link out of them.
 */
export function readerPaths(dir: string): { files: string[]; folders: string[] } {
  const paths = runPaths(dir);
  return { files: [paths.manifest, paths.plan], folders: [paths.teacherDir, paths.cellsDir, paths.indexDir, paths.promptsDir] };
}

/**
 * Sizes and times of every file the folders' figures come from (documents, records, prompts; not the
 * indexes, which only say again what the records hold): a change means records arrived, or a run began
 * or mended a file.
 */
export async function contentStamp(dirs: readonly string[]): Promise<string> {
  const parts: string[] = [];
  const part = async (path: string) => {
    const info = await stat(path).catch(() => null);
    parts.push(info === null ? `${path} -` : `${path} ${info.size} ${info.mtimeMs}`);
  };
  for (const dir of dirs) {
    const paths = runPaths(dir);
    for (const path of [paths.manifest, paths.plan]) await part(path);
    for (const folder of [paths.cellsDir, paths.teacherDir, paths.promptsDir]) {
      for (const name of (await readdir(folder).catch(() => [] as string[])).sort()) await part(join(folder, name));
    }
  }
  return parts.join('\n');
}

/** Where the folder's manifest is, to name it in messages. */
export function manifestPath(dir: string): string {
  return runPaths(dir).manifest;
}

/** Where a pass or cell file of the folder is, to name it in messages. */
export function recordFilePath(dir: string, kind: RecordKind, id: string): string {
  const paths = runPaths(dir);
  return kind === 'pass' ? paths.pass(id) : paths.cell(id);
}

/** Streams one pass or cell file of the folder: its header, then each record and segment, checked. */
export async function scanRecordFile<K extends RecordKind>(
  dir: string,
  kind: K,
  id: string,
  visit: (line: BodyLine<K>, at: LineAt) => void | Promise<void>,
  onHeader?: (header: HeaderOf<K>) => void | Promise<void>,
): Promise<RecordScan<K> | null> {
  return scanRecords(recordFilePath(dir, kind, id), kind, visit, onHeader);
}

/** The header of a pass or cell file of the folder (what pass or cell it holds); null when it has none yet. */
export function readRecordHeader<K extends RecordKind>(dir: string, kind: K, id: string): Promise<HeaderOf<K> | null> {
  return readHeader(recordFilePath(dir, kind, id), kind);
}

/** Which items a pass or cell file holds and where, without reading the records when its index is current. */
export function recordIndexOf(dir: string, kind: RecordKind, id: string): Promise<RecordIndex & { version: FormatVersion }> {
  const paths = runPaths(dir);
  return kind === 'pass'
    ? currentIndex('pass', id, paths.pass(id), paths.passIndex(id), false)
    : currentIndex('cell', id, paths.cell(id), paths.cellIndex(id), false);
}

/**
 * How many records beyond one per item a pass or cell file holds, by its index alone; null when the file
 * has no current index (its records must then be read to know).
 */
export async function indexedDuplicates(dir: string, kind: RecordKind, id: string): Promise<number | null> {
  const paths = runPaths(dir);
  const stamp = await fileStamp(recordFilePath(dir, kind, id));
  if (stamp === null) return 0;
  const head = await readIndexHead(kind === 'pass' ? paths.passIndex(id) : paths.cellIndex(id), kind, id, stamp);
  return head?.duplicates ?? null;
}

/** Reads single records of a pass or cell file by item (e.g. one item of a cell, for display). Close it after use. */
export function recordReader<K extends RecordKind>(dir: string, kind: K, id: string, index: RecordIndex & { version: FormatVersion }): RecordReader<K> {
  return new RecordReader(kind, recordFilePath(dir, kind, id), index.entries, index.version);
}
