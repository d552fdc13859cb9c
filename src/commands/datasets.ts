// `gkt datasets fetch|list`: put the official dataset files in place, and say which are there and intact.
import { join, resolve } from 'node:path';
import { fetchDataset } from '../datasets/fetch.js';
import { isDatasetName } from '../datasets/paths.js';
import { inspectDataset, type DatasetStatus } from '../datasets/status.js';
import { DATASET_NAMES, type DatasetName } from '../vocabulary.js';
import { UsageError } from '../util/errors.js';
import { packageRoot } from '../util/package-info.js';
import type { CommandContext } from '../util/command-context.js';

export interface DatasetsFetchOptions {
  from?: string;
  dir?: string;
  url?: string;
}

export interface DatasetsListOptions {
  dir?: string;
}

export async function datasetsFetchCommand(name: string, options: DatasetsFetchOptions, context: CommandContext): Promise<void> {
  const dataset = datasetName(name);
  const result = await fetchDataset(dataset, {
    dir: datasetsDir(options.dir, context),
    ...(options.from !== undefined ? { from: resolve(context.cwd, options.from) } : {}),
    ...(options.url !== undefined ? { url: options.url } : {}),
    signal: context.signal,
    log: (line) => context.stderr.write(`${line}\n`),
  });
  context.stdout.write(`${dataset}\t${result.status}\t${result.path}\tsha256 ${result.sha256}\n`);
}

export async function datasetsListCommand(options: DatasetsListOptions, context: CommandContext): Promise<void> {
  const dir = datasetsDir(options.dir, context);
  const statuses = await Promise.all(DATASET_NAMES.map((name) => inspectDataset(name, dir)));
  context.stdout.write(formatStatusTable(statuses));
}

/** One row per dataset: name, state, path; a changed file also shows its hash, a missing one how to fetch it. */
export function formatStatusTable(statuses: DatasetStatus[]): string {
  const rows = [['dataset', 'state', 'path'], ...statuses.map((s) => [s.name, describeState(s), s.path])];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map(([name, state, path]) => `${name!.padEnd(widths[0]!)}  ${state!.padEnd(widths[1]!)}  ${path}`);
  const notes = statuses.flatMap((s) => {
    if (s.state === 'missing') return [`${s.name}: fetch it with: gkt datasets fetch ${s.name}`];
    if (s.state === 'modified') return [`${s.name}: sha256 is ${s.sha256}, expected ${s.expected}; refetch with: gkt datasets fetch ${s.name}`];
    return [];
  });
  return [...lines, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n') + '\n';
}

function describeState(status: DatasetStatus): string {
  if (status.state === 'verified') return 'present, verified';
  if (status.state === 'modified') return 'present, modified';
  return 'missing';
}

function datasetName(name: string): DatasetName {
  if (!isDatasetName(name)) throw new UsageError(`unknown dataset "${name}": expected ${DATASET_NAMES.join(' or ')}`);
  return name;
}

function datasetsDir(dir: string | undefined, context: CommandContext): string {
  return dir === undefined ? join(packageRoot, 'datasets') : resolve(context.cwd, dir);
}
