// Builds the served profile from `gkt serve` flags and an optional profile file; flags override the file.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DATASET_NAMES, type DatasetName } from '../vocabulary.js';
import { UsageError } from '../util/errors.js';
import { parseProfile } from './profile.js';
import type { SimulatorProfile } from './profile.js';

export interface ServeProfileFlags {
  profile?: string;
  model?: string;
  accuracy?: number;
  helpHorizon?: number;
  slots?: number;
  prefillMs?: number;
  decodeMs?: number;
  overheadMs?: number;
  contextLength?: number;
  /** `name=path`, or a path whose dataset is told by its first record. */
  dataset?: string[];
}

/**
 * Relative dataset paths in a profile file are read from the file's folder; those in flags from `cwd`.
 * `--dataset` flags add to the profile's datasets; every other flag replaces its field.
 */
export async function resolveServeProfile(flags: ServeProfileFlags, cwd: string): Promise<SimulatorProfile> {
  let base: Record<string, unknown> = {};
  let source = 'command line';
  if (flags.profile !== undefined) {
    const file = resolve(cwd, flags.profile);
    const fromFile = parseProfile(await readJsonFile(file), file);
    const folder = dirname(file);
    base = { ...fromFile, datasets: fromFile.datasets.map((d) => ({ name: d.name, path: resolve(folder, d.path) })) };
    source = `${file} (with command-line flags)`;
  }
  const overrides: Record<string, unknown> = {
    model: flags.model,
    accuracy: flags.accuracy,
    helpHorizon: flags.helpHorizon,
    slots: flags.slots,
    prefillMsPerToken: flags.prefillMs,
    decodeMsPerToken: flags.decodeMs,
    overheadMs: flags.overheadMs,
    contextLength: flags.contextLength,
  };
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) merged[key] = value;
  const flagged = await Promise.all((flags.dataset ?? []).map((arg) => datasetArgument(arg, cwd)));
  merged.datasets = [...((base.datasets as SimulatorProfile['datasets'] | undefined) ?? []), ...flagged];
  return parseProfile(merged, source);
}

async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: cannot read the simulator profile (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

/** `gsm8k=data/test.jsonl`, `csqa=dev.jsonl`, or a bare path told apart by its first record's fields. */
export async function datasetArgument(arg: string, cwd: string): Promise<{ name: DatasetName; path: string }> {
  const named = /^([a-z0-9]+)=(.+)$/.exec(arg);
  if (named !== null) {
    const name = named[1]!;
    if (!(DATASET_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`--dataset ${arg}: unknown dataset "${name}" (known: ${DATASET_NAMES.join(', ')})`);
    }
    return { name: name as DatasetName, path: resolve(cwd, named[2]!) };
  }
  const path = resolve(cwd, arg);
  return { name: await detectDataset(path), path };
}

async function detectDataset(path: string): Promise<DatasetName> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${path}: cannot read the dataset (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  const lines = text.split('\n');
  const at = lines.findIndex((line) => line.trim() !== '');
  const hint = `write --dataset gsm8k=${path} or --dataset csqa=${path}`;
  let record: unknown;
  try {
    record = JSON.parse(lines[at] ?? '');
  } catch {
    throw new UsageError(`${path}:${at + 1}: cannot tell the dataset: the first record is not JSON`, { hint });
  }
  const name = recordDataset(record);
  if (name === null) {
    throw new UsageError(`${path}:${at + 1}: cannot tell the dataset: the first record has neither GSM8K's nor CSQA's fields`, { hint });
  }
  return name;
}

/** GSM8K records are `{question, answer}` strings; CSQA records have `answerKey` and a `question.stem`. */
export function recordDataset(record: unknown): DatasetName | null {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return null;
  const r = record as Record<string, unknown>;
  if (typeof r.question === 'string' && typeof r.answer === 'string') return 'gsm8k';
  const question = r.question as Record<string, unknown> | null | undefined;
  if (typeof r.answerKey === 'string' || (typeof question === 'object' && typeof question?.stem === 'string')) return 'csqa';
  return null;
}
