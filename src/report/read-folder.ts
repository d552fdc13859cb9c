// Reads one run folder from disk: manifest, plan, teacher and cell JSONL files, and the prompt files.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readJsonl } from '../results/jsonl.js';
import { UsageError } from '../util/errors.js';
import { parseManifest, parsePlan } from './manifest.js';
import type { CellLine, PassLine } from '../results/records.js';
import type { Plan } from '../plan/types.js';
import type { ManifestView } from './manifest.js';

export interface JsonlFile<T> {
  path: string;
  /** The file name without `.jsonl`: the pass or cell id. */
  id: string;
  lines: T[];
  torn: boolean;
}

export interface FolderData {
  dir: string;
  manifest: ManifestView;
  plan: Plan;
  passFiles: Array<JsonlFile<PassLine>>;
  cellFiles: Array<JsonlFile<CellLine>>;
  prompts: Array<{ path: string; text: string }>;
}

async function readRequired(path: string, dir: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UsageError(`${dir}: not a run folder (${what} is missing)`, { hint: 'give the folder `gkt run` wrote, e.g. results/<run>' });
    }
    throw error;
  }
}

async function listFiles(dir: string, extension: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names.filter((name) => name.endsWith(extension)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function readLines<T>(dir: string, keep: (line: T) => T = (line) => line): Promise<Array<JsonlFile<T>>> {
  const files: Array<JsonlFile<T>> = [];
  for (const name of await listFiles(dir, '.jsonl')) {
    const path = join(dir, name);
    try {
      const read = await readJsonl<T>(path);
      files.push({ path, id: basename(name, '.jsonl'), lines: read.records.map(keep), torn: read.tornTail !== null });
    } catch (error) {
      throw new UsageError((error as Error).message, { cause: error });
    }
  }
  return files;
}

export interface ReadOptions {
  /**
   * Keep no texts (questions, guidance, answers) and no prompt files: scores are then the stored ones,
   * and a sweep of any size is summed up in little memory. For the summary a run prints as it ends.
   */
  withoutTexts?: boolean;
}

/** An item record without its texts: what accuracy, times and tokens are computed from. */
export function withoutTexts(line: CellLine): CellLine {
  if (line.type !== 'item') return line;
  return {
    ...line,
    question: '',
    guidance: line.guidance === null ? null : { ...line.guidance, text: '', raw: '' },
    student: line.student === null ? null : { ...line.student, text: line.student.text === null ? null : '' },
  };
}

export async function readRunFolder(dir: string, options: ReadOptions = {}): Promise<FolderData> {
  const info = await stat(dir).catch(() => null);
  if (info === null || !info.isDirectory()) throw new UsageError(`${dir}: no such run folder`);
  const manifestPath = join(dir, 'manifest.json');
  const planPath = join(dir, 'plan.json');
  const manifest = parseManifest(await readRequired(manifestPath, dir, 'manifest.json'), manifestPath);
  const plan = parsePlan(await readRequired(planPath, dir, 'plan.json'), planPath);
  const promptDir = join(dir, 'prompts');
  const prompts = await Promise.all(
    (options.withoutTexts ? [] : await listFiles(promptDir, '.txt')).map(async (name) => {
      const path = join(promptDir, name);
      return { path, text: await readFile(path, 'utf8') };
    }),
  );
  return {
    dir,
    manifest,
    plan,
    passFiles: await readLines<PassLine>(join(dir, 'teacher')),
    cellFiles: await readLines<CellLine>(join(dir, 'cells'), options.withoutTexts ? withoutTexts : undefined),
    prompts,
  };
}
