// One run folder as a report first reads it, through the results store: manifest, plan, prompt files and which record files it holds.
import { readRunContents } from '../results/read-run.js';
import { manifestView, type ManifestView } from './manifest.js';
import type { Plan } from '../plan/types.js';

export interface FolderData {
  dir: string;
  manifest: ManifestView;
  plan: Plan;
  /** The pass and cell files the folder holds, by id; their records are read one file at a time when merged. */
  passIds: string[];
  cellIds: string[];
  prompts: Array<{ path: string; text: string }>;
}

export interface ReadOptions {
  /**
   * Score by the answers stored in the records, without reading prompt files or extracting again: what
   * the summary a run prints as it ends needs.
   */
  storedScores?: boolean;
}

export async function readRunFolder(dir: string, options: ReadOptions = {}): Promise<FolderData> {
  const contents = await readRunContents(dir, { prompts: options.storedScores !== true });
  return {
    dir,
    manifest: manifestView(contents.manifest, contents.format),
    plan: contents.plan,
    passIds: contents.passIds,
    cellIds: contents.cellIds,
    prompts: contents.prompts,
  };
}
