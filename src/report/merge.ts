// Merges run folders (shards, resumed or separate runs): the cells and passes they hold, their models, prompts, prices and shards.
import { join, normalize } from 'node:path';
import { manifestPath, recordFilePath } from '../results/read-run.js';
import { sha256 } from '../util/hash.js';
import { mergePrices, pricesFromConfig } from './prices.js';
import type { Cell, TeacherPass } from '../plan/types.js';
import type { PriceTable } from './prices.js';
import type { FolderData } from './read-folder.js';
import type { ModelInfo, RunData } from './run-data.js';
import { checkShards, type ShardCheckOptions } from './shard-checks.js';

/** One set per item list, shared by every cell and pass planned on the same list. */
const itemSets = new WeakMap<readonly string[], ReadonlySet<string>>();

export function itemSet(items: readonly string[]): ReadonlySet<string> {
  let set = itemSets.get(items);
  if (set === undefined) {
    set = new Set(items);
    itemSets.set(items, set);
  }
  return set;
}

/** The items of both lists, in order, without repeats; the list itself when it holds them all already. */
function union(planned: readonly string[], more: readonly string[]): readonly string[] {
  if (planned === more || planned.length === 0) return more;
  const seen = itemSet(planned);
  const added = more.filter((id) => !seen.has(id));
  return added.length === 0 ? planned : [...planned, ...added];
}

function labelFromConfig(config: unknown, name: string): string | null {
  if (config === null || typeof config !== 'object') return null;
  const models = (config as Record<string, unknown>)['models'];
  if (models === null || typeof models !== 'object') return null;
  const spec = (models as Record<string, unknown>)[name];
  if (spec === null || typeof spec !== 'object') return null;
  const label = (spec as Record<string, unknown>)['label'];
  return typeof label === 'string' ? label : null;
}

function mergeModels(folders: readonly FolderData[]): Map<string, ModelInfo> {
  const models = new Map<string, ModelInfo>();
  for (const folder of folders) {
    for (const [name, view] of folder.manifest.models) {
      const known = models.get(name);
      const served = [...(known?.served ?? []), ...(view.servedModel === null ? [] : [view.servedModel]), ...view.served];
      models.set(name, {
        key: name,
        label: known?.label ?? view.label ?? labelFromConfig(folder.manifest.config, name) ?? name,
        kind: known?.kind ?? view.kind,
        served: [...new Set(served)],
        simulated: (known?.simulated ?? false) || view.simulated,
      });
    }
  }
  return models;
}

function mergePrompts(folders: readonly FolderData[]): RunData['prompts'] {
  const prompts: RunData['prompts'] = new Map();
  for (const folder of folders) {
    const byPath = new Map(folder.prompts.map((prompt) => [normalize(prompt.path), prompt]));
    for (const prompt of folder.prompts) prompts.set(sha256(prompt.text), prompt);
    // A manifest entry names its file and the sha256 the cells cite, should the two hash differently.
    for (const entry of folder.manifest.prompts) {
      if (entry.file === null || prompts.has(entry.sha256)) continue;
      const prompt = byPath.get(normalize(join(folder.dir, entry.file))) ?? byPath.get(normalize(join(folder.dir, 'prompts', entry.file)));
      if (prompt !== undefined) prompts.set(entry.sha256, prompt);
    }
  }
  return prompts;
}

/** A cell as the folders hold it, before its records are read. */
export interface CellSource {
  cell: Cell;
  /** The union of the items every plan listing the cell planned for its dataset: the denominator. */
  planned: readonly string[];
  /** The run of every folder whose plan lists the cell. */
  origins: string[];
  /** The folders holding a file of the cell. */
  folders: FolderData[];
}

/** A teacher pass as the folders hold it, before its records are read. */
export interface PassSource {
  pass: TeacherPass;
  /** The guidance lengths cells cut from it, whose times a report derives. */
  lengths: Set<number>;
  folders: FolderData[];
  /** The union of the items every plan listing the pass planned for its dataset. */
  planned: readonly string[];
}

/** What the folders hold, merged, and what can be said before any record is read. */
export interface MergedFolders extends Omit<RunData, 'cells' | 'passes'> {
  cells: Map<string, CellSource>;
  passes: Map<string, PassSource>;
}

/**
 * Merges what the folders' manifests and plans say, once their shards are checked (see checkShards).
 * `headers` gives the cell or pass of a file no plan of its folder lists (from the file's own header), or
 * null when the file has none yet.
 */
export function mergeFolders(
  folders: readonly FolderData[],
  headers: { cell(folder: FolderData, id: string): Cell | null; pass(folder: FolderData, id: string): TeacherPass | null },
  options: ShardCheckOptions = {},
): MergedFolders {
  const missing = checkShards(folders, options);
  const warnings: string[] = [];
  const cells = new Map<string, CellSource>();
  const passes = new Map<string, PassSource>();

  const draftCell = (cell: Cell, planned: readonly string[], origin?: string): CellSource => {
    let source = cells.get(cell.id);
    if (source === undefined) {
      source = { cell, planned: [], origins: [], folders: [] };
      cells.set(cell.id, source);
    }
    source.planned = union(source.planned, planned);
    if (origin !== undefined && !source.origins.includes(origin)) source.origins.push(origin);
    return source;
  };
  const draftPass = (pass: TeacherPass, planned: readonly string[]): PassSource => {
    let source = passes.get(pass.id);
    if (source === undefined) {
      source = { pass, lengths: new Set(pass.serves), folders: [], planned: [] };
      passes.set(pass.id, source);
    }
    source.planned = union(source.planned, planned);
    return source;
  };

  for (const folder of folders) {
    const { plan } = folder;
    for (const cell of plan.cells) draftCell(cell, plan.items[cell.dataset.name] ?? [], folder.manifest.run);
    for (const pass of plan.passes) draftPass(pass, plan.items[pass.dataset.name] ?? []);
    for (const id of folder.cellIds) {
      const cell = plan.cells.find((c) => c.id === id) ?? headers.cell(folder, id);
      if (cell === null) {
        warnings.push(`${recordFilePath(folder.dir, 'cell', id)}: no cell header and no plan entry for "${id}"; the file was skipped`);
        continue;
      }
      if (!plan.cells.some((c) => c.id === cell.id)) warnings.push(`${recordFilePath(folder.dir, 'cell', id)}: cell ${cell.id} is not in ${folder.dir}'s plan`);
      draftCell(cell, plan.items[cell.dataset.name] ?? []).folders.push(folder);
    }
    for (const id of folder.passIds) {
      const pass = plan.passes.find((p) => p.id === id) ?? headers.pass(folder, id);
      if (pass === null) {
        warnings.push(`${recordFilePath(folder.dir, 'pass', id)}: no pass header and no plan entry for "${id}"; the file was skipped`);
        continue;
      }
      draftPass(pass, plan.items[pass.dataset.name] ?? []).folders.push(folder);
    }
  }
  for (const { cell } of cells.values()) if (cell.teacher !== null) passes.get(cell.teacher.pass)?.lengths.add(cell.teacher.guidanceTokens);

  const shardCounts = new Set(folders.map((f) => f.manifest.shard?.count).filter((c): c is number => c !== undefined));
  const present = [...new Set(folders.flatMap((f) => (f.manifest.shard ? [f.manifest.shard.index] : [])))].sort((a, b) => a - b);
  const count = shardCounts.size > 0 ? Math.max(...shardCounts) : null;
  for (const run of new Set(missing.map((m) => m.run))) {
    const absent = missing.filter((m) => m.run === run);
    const which = absent.length === 1 ? `shard ${absent[0]!.index} of ${absent[0]!.count} was` : `shards ${absent.map((m) => m.index).join(', ')} of ${absent[0]!.count} were`;
    warnings.push(`run "${run}": ${which} not given: accuracies and times cover only the items of the shards given`);
  }

  let prices: PriceTable = new Map();
  for (const folder of folders) prices = mergePrices(pricesFromConfig(folder.manifest.config, manifestPath(folder.dir)), prices);

  const first = folders[0]?.manifest.gkt;
  return {
    dirs: folders.map((f) => f.dir),
    runs: [...new Set(folders.map((f) => f.manifest.run))],
    gkt: { version: first?.version ?? null, commit: first?.commit ?? null },
    cells,
    passes,
    prompts: mergePrompts(folders),
    models: mergeModels(folders),
    prices,
    shards: { count, present, missing },
    warnings,
  };
}
