// The parts of a run's manifest.json and plan.json a report reads, checked at the boundary.
import { UsageError } from '../util/errors.js';
import type { Plan } from '../plan/types.js';

export interface ManifestModelView {
  /** The display label the run resolved (the config's `label`, else its default). */
  label: string | null;
  kind: string | null;
  model: string | null;
  served: string[];
  simulated: boolean;
}

/** One exemplar text the run used; `gkt run` keys `manifest.prompts` by the text's sha256. */
export interface ManifestPromptView {
  sha256: string;
  dataset: string | null;
  format: string | null;
  shots: number | null;
  /** Relative to the run folder. */
  file: string | null;
}

export interface ManifestView {
  run: string;
  gkt: { version: string | null; commit: string | null };
  config: unknown;
  models: Map<string, ManifestModelView>;
  prompts: ManifestPromptView[];
  shard: { index: number; count: number } | null;
  /** Per dataset, the file's sha256 and the selection of items (limit or sample, then shard), as recorded. */
  datasets: Map<string, { sha256: string | null; selection: unknown }>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

function parseModels(value: unknown, path: string): Map<string, ManifestModelView> {
  const models = new Map<string, ManifestModelView>();
  if (value === undefined) return models;
  if (!isRecord(value)) throw new UsageError(`${path}: models must be an object keyed by model name`);
  for (const [name, raw] of Object.entries(value)) {
    if (!isRecord(raw)) throw new UsageError(`${path}: models.${name} must be an object`);
    const served = raw['served'];
    if (served !== undefined && !(Array.isArray(served) && served.every((id) => typeof id === 'string'))) {
      throw new UsageError(`${path}: models.${name}.served must be a list of model ids`);
    }
    const simulated = raw['simulated'];
    if (simulated !== undefined && typeof simulated !== 'boolean') throw new UsageError(`${path}: models.${name}.simulated must be true or false`);
    models.set(name, {
      label: stringOrNull(raw['label']),
      kind: stringOrNull(raw['kind']),
      model: stringOrNull(raw['model']),
      served: (served as string[] | undefined) ?? [],
      simulated: simulated === true || raw['kind'] === 'simulated',
    });
  }
  return models;
}

function parsePrompts(value: unknown, path: string): ManifestPromptView[] {
  if (value === undefined) return [];
  if (!isRecord(value)) throw new UsageError(`${path}: prompts must be an object keyed by the exemplar text's sha256`);
  return Object.entries(value).map(([sha256, raw]) => {
    if (!isRecord(raw)) throw new UsageError(`${path}: prompts.${sha256} must be an object`);
    if (raw['file'] !== undefined && typeof raw['file'] !== 'string') throw new UsageError(`${path}: prompts.${sha256}.file must be a path`);
    return {
      sha256,
      dataset: stringOrNull(raw['dataset']),
      format: stringOrNull(raw['format']),
      shots: typeof raw['shots'] === 'number' ? raw['shots'] : null,
      file: stringOrNull(raw['file']),
    };
  });
}

function parseShard(value: unknown, path: string): { index: number; count: number } | null {
  if (value === undefined || value === null) return null;
  if (!isRecord(value) || !Number.isInteger(value['index']) || !Number.isInteger(value['count'])) {
    throw new UsageError(`${path}: shard must be null or {index, count} with whole numbers`);
  }
  return { index: value['index'] as number, count: value['count'] as number };
}

function parseDatasets(value: unknown): ManifestView['datasets'] {
  const datasets: ManifestView['datasets'] = new Map();
  if (!isRecord(value)) return datasets;
  for (const [name, raw] of Object.entries(value)) {
    if (isRecord(raw)) datasets.set(name, { sha256: stringOrNull(raw['sha256']), selection: raw['selection'] ?? null });
  }
  return datasets;
}

export function parseManifest(text: string, path: string): ManifestView {
  const raw = parseJson(text, path);
  if (!isRecord(raw)) throw new UsageError(`${path}: the manifest must be a JSON object`);
  if (typeof raw['run'] !== 'string') throw new UsageError(`${path}: run must be the run's name`);
  const gkt = isRecord(raw['gkt']) ? raw['gkt'] : {};
  return {
    run: raw['run'],
    gkt: { version: stringOrNull(gkt['version']), commit: stringOrNull(gkt['commit']) },
    config: raw['config'],
    models: parseModels(raw['models'], path),
    prompts: parsePrompts(raw['prompts'], path),
    shard: parseShard(raw['shard'], path),
    datasets: parseDatasets(raw['datasets']),
  };
}

/** Shape checks only: a plan is written by gkt itself, so its content is trusted once its shape is right. */
export function parsePlan(text: string, path: string): Plan {
  const raw = parseJson(text, path);
  if (!isRecord(raw)) throw new UsageError(`${path}: the plan must be a JSON object`);
  if (!Array.isArray(raw['cells'])) throw new UsageError(`${path}: cells must be a list`);
  if (!Array.isArray(raw['passes'])) throw new UsageError(`${path}: passes must be a list`);
  if (!isRecord(raw['items'])) throw new UsageError(`${path}: items must be an object keyed by dataset`);
  raw['cells'].forEach((cell: unknown, index: number) => {
    if (!isRecord(cell) || typeof cell['id'] !== 'string' || !isRecord(cell['dataset']) || !isRecord(cell['student'])) {
      throw new UsageError(`${path}: cells[${index}] is not a cell (needs id, dataset and student)`);
    }
  });
  for (const [dataset, ids] of Object.entries(raw['items'])) {
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
      throw new UsageError(`${path}: items.${dataset} must be a list of item ids`);
    }
  }
  return raw as unknown as Plan;
}
