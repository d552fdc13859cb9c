// A run folder as `gkt run` and `gkt plan` use it: the one owner of results/<run>/, which writes it and reads it back.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Cell, Plan, TeacherPass } from '../plan/types.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { canonicalJson, sha256 } from '../util/hash.js';
import { hashFrom } from '../util/lines.js';
import { scanDataset, type ScannedDataset } from '../datasets/scan.js';
import type { DatasetName } from '../vocabulary.js';
import { readDatasetIndex, writeDatasetIndex } from './dataset-index.js';
import { readManifestFile, readPlanFile, writeManifestFile, writePlanFile } from './documents.js';
import { FORMAT } from './format.js';
import { removeLeftovers } from './leftovers.js';
import { acquireLock, type Lock, type LockSelf } from './lock.js';
import type { Manifest } from './manifest.js';
import { runLayout, type RunLayout } from './layout.js';
import { runPaths, type RunPaths } from './paths.js';
import { RecordFile } from './record-file.js';
import type { RecordReader } from './record-reader.js';
import { recordIndexOf, recordReader } from './read-run.js';
import { fileStamp } from './file-stamp.js';
import type { FailedRole } from './index-entries.js';
import { recordedStatus, type RecordedStatus } from './status.js';
import { readSummaryCache, writeSummaryCache } from './summary-cache.js';

export interface OpenOptions {
  /** The gkt version writing: a new file's header names it. */
  gkt: string;
  /** Drop failed records so their items are done again. */
  retryErrors: boolean;
}

/** Enough for a manifest (its config is at most 1 MB, usually a few kB), a summary and an index or two. */
const RESERVE_BYTES = 256 * 1024;

export class RunFolder {
  readonly layout: RunLayout;
  private readonly paths: RunPaths;

  constructor(readonly dir: string) {
    this.layout = runLayout(dir);
    this.paths = runPaths(dir);
  }

  /**
   * One run at a time per folder: the lock is taken before anything in the folder is touched. `holder`
   * names the scheduler job this process runs as, and how to ask whether another holder's job still runs.
   */
  async lock(holder: Pick<LockSelf, 'job' | 'jobAlive'> = {}): Promise<Lock> {
    await mkdir(this.dir, { recursive: true });
    return acquireLock(this.paths.lock, { pid: process.pid, now: () => new Date(), ...holder });
  }

  /** Folders made, and what a run killed inside an atomic write left; only under the lock, when nothing else writes here. */
  async prepare(): Promise<void> {
    const { teacherDir, cellsDir, indexDir, promptsDir, serversDir } = this.paths;
    for (const dir of [teacherDir, cellsDir, indexDir, promptsDir, serversDir]) await mkdir(dir, { recursive: true });
    await removeLeftovers([this.dir, teacherDir, cellsDir, indexDir, promptsDir]);
  }

  /**
   * Holds some disk space for the session's end: a disk that fills mid-run then still takes the manifest
   * saying how the session ended, and the summary. Fails at once (ENOSPC) on a disk already full.
   */
  async reserveSpace(): Promise<void> {
    await writeFile(this.paths.reserve, Buffer.alloc(RESERVE_BYTES));
  }

  /** Gives the reserved space back, before the session's last writes. */
  async releaseSpace(): Promise<void> {
    await rm(this.paths.reserve, { force: true });
  }

  readManifest(): Promise<Manifest | null> {
    return readManifestFile(this.paths.manifest);
  }

  writeManifest(manifest: Manifest): Promise<void> {
    return writeManifestFile(this.paths.manifest, manifest);
  }

  readPlan(): Promise<Plan | null> {
    return readPlanFile(this.paths.plan);
  }

  writePlan(plan: Plan): Promise<void> {
    return writePlanFile(this.paths.plan, plan);
  }

  /** Keeps a copy of exemplars the run used; returns its file, relative to the run folder, for the manifest. */
  async writePrompt(sha256Hex: string, text: string): Promise<string> {
    const file = this.paths.promptFile(sha256Hex);
    await writeFileAtomic(join(this.dir, file), text);
    return file;
  }

  /**
   * The items of a dataset file: from the folder's index of it when the file has not changed since, else
   * read whole (every line checked). `keep` writes the index for next time; call it under the lock.
   */
  async datasetItems(name: DatasetName, path: string): Promise<{ dataset: ScannedDataset; keep: () => Promise<void> }> {
    const indexPath = this.paths.datasetIndex(name);
    const indexed = await readDatasetIndex(indexPath, name, path);
    if (indexed !== null) return { dataset: indexed, keep: async () => undefined };
    // Taken before the file is read: if it changes meanwhile, the index is not kept.
    const stamp = await fileStamp(path);
    const dataset = await scanDataset(name, path);
    return { dataset, keep: async () => (stamp === null ? undefined : writeDatasetIndex(indexPath, dataset, stamp)) };
  }

  /** Per pass and cell of the plan, what is recorded; `save` (under the lock) keeps rebuilt indexes for next time. */
  status(plan: Plan, options: { save: boolean }): Promise<RecordedStatus> {
    return recordedStatus(this.paths, plan, options);
  }

  openPass(pass: TeacherPass, options: OpenOptions): Promise<RecordFile<'pass'>> {
    return RecordFile.open({
      kind: 'pass',
      path: this.paths.pass(pass.id),
      indexPath: this.paths.passIndex(pass.id),
      header: { type: 'pass', format: FORMAT, pass, gkt: options.gkt },
      retryErrors: options.retryErrors,
    });
  }

  /** `redo`: other items to drop and do again, e.g. those failed by a teacher that has answered since. */
  openCell(cell: Cell, options: OpenOptions & { redo?: (item: string, error: FailedRole) => boolean }): Promise<RecordFile<'cell'>> {
    return RecordFile.open({
      kind: 'cell',
      path: this.paths.cell(cell.id),
      indexPath: this.paths.cellIndex(cell.id),
      header: { type: 'cell', format: FORMAT, cell, gkt: options.gkt },
      retryErrors: options.retryErrors,
      ...(options.redo ? { redo: options.redo } : {}),
    });
  }

  /** Another cell's records by item, as the index chooses them (a router reads the records of both models alone). Close it after use. */
  async readCell(id: string): Promise<RecordReader<'cell'>> {
    return recordReader(this.dir, 'cell', id, await recordIndexOf(this.dir, 'cell', id));
  }

  writeSummary(text: string): Promise<void> {
    return writeFileAtomic(this.paths.summary, text);
  }

  /**
   * What the end-of-run summary is computed from: `code` (a stamp of the code computing it), the plan as
   * written, the models' names, and each record file as it now is. Null when the folder has no manifest.
   */
  async summaryKey(code: string, plan: Plan): Promise<string | null> {
    const manifest = await this.readManifest();
    if (manifest === null) return null;
    const files = [];
    for (const pass of plan.passes) files.push([pass.id, await fileStamp(this.paths.pass(pass.id))]);
    for (const cell of plan.cells) files.push([cell.id, await fileStamp(this.paths.cell(cell.id))]);
    const models = Object.fromEntries(Object.entries(manifest.models).map(([key, m]) => [key, { label: m.label, kind: m.kind, simulated: m.simulated }]));
    const planHash = await hashFrom(this.paths.plan, 0);
    if (planHash === null) return null;
    return sha256(canonicalJson({ format: FORMAT, code, plan: planHash.sha256, models, files }));
  }

  readSummaryCache(key: string): Promise<unknown> {
    return readSummaryCache(this.paths.summaryCache, key);
  }

  writeSummaryCache(key: string, figures: unknown): Promise<void> {
    return writeSummaryCache(this.paths.summaryCache, key, figures);
  }
}
