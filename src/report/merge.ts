// Merges run folders (shards, resumed or separate runs) into one RunData: one record per item, all segments kept.
import { join, normalize } from 'node:path';
import { preferRecord } from '../results/record-choice.js';
import { sha256 } from '../util/hash.js';
import { mergePrices, pricesFromConfig } from './prices.js';
import type { Cell, TeacherPass } from '../plan/types.js';
import type { ItemRecord, TeacherRecord } from '../results/records.js';
import type { PriceTable } from './prices.js';
import type { FolderData } from './read-folder.js';
import type { CellData, ModelInfo, PassData, RunData } from './run-data.js';
import { checkShards, type ShardCheckOptions } from './shard-checks.js';

function union(into: string[], seen: Set<string>, ids: readonly string[]): void {
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    into.push(id);
  }
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
      const served = [...(known?.served ?? []), ...(view.model === null ? [] : [view.model]), ...view.served];
      models.set(name, {
        name,
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

interface CellDraft extends CellData {
  plannedSeen: Set<string>;
  /** Records in file order, before one per item is kept. */
  read: ItemRecord[];
}

export function mergeFolders(folders: readonly FolderData[], options: ShardCheckOptions = {}): RunData {
  const missing = checkShards(folders, options);
  const warnings: string[] = [];
  const cells = new Map<string, CellDraft>();
  const passes = new Map<string, PassData & { read: TeacherRecord[] }>();

  const draftCell = (cell: Cell, planned: readonly string[], origin?: string): CellDraft => {
    const draft = cells.get(cell.id) ?? {
      cell, planned: [], plannedSeen: new Set<string>(), records: new Map(), read: [],
      segments: [], timings: [], duplicates: 0, unplanned: 0, origins: [] as string[], notes: [],
    };
    union(draft.planned, draft.plannedSeen, planned);
    if (origin !== undefined && !draft.origins.includes(origin)) draft.origins.push(origin);
    cells.set(cell.id, draft);
    return draft;
  };
  const draftPass = (pass: TeacherPass): PassData & { read: TeacherRecord[] } => {
    const draft = passes.get(pass.id) ?? { pass, records: new Map(), read: [], segments: [], timings: [] };
    passes.set(pass.id, draft);
    return draft;
  };

  for (const folder of folders) {
    const { plan } = folder;
    for (const cell of plan.cells) draftCell(cell, plan.items[cell.dataset.name] ?? [], folder.manifest.run);
    for (const pass of plan.passes) draftPass(pass);
    for (const file of folder.cellFiles) {
      if (file.torn) warnings.push(`${file.path}: the last line is torn (an interrupted write) and was skipped`);
      const header = file.lines.find((line) => line.type === 'cell');
      const cell = header?.type === 'cell' ? header.cell : plan.cells.find((c) => c.id === file.id);
      if (cell === undefined) {
        warnings.push(`${file.path}: no cell header and no plan entry for "${file.id}"; the file was skipped`);
        continue;
      }
      if (!plan.cells.some((c) => c.id === cell.id)) warnings.push(`${file.path}: cell ${cell.id} is not in ${folder.dir}'s plan.json`);
      const draft = draftCell(cell, plan.items[cell.dataset.name] ?? []);
      for (const line of file.lines) {
        if (line.type === 'segment') draft.segments.push(line);
        else if (line.type === 'item') {
          draft.read.push(line);
          if (line.student?.timing) draft.timings.push(line.student.timing);
        } else if (line.type === 'acceptance' || line.type === 'vocabulary') draft.notes?.push(line);
      }
    }
    for (const file of folder.passFiles) {
      if (file.torn) warnings.push(`${file.path}: the last line is torn (an interrupted write) and was skipped`);
      const header = file.lines.find((line) => line.type === 'pass');
      const pass = header?.type === 'pass' ? header.pass : plan.passes.find((p) => p.id === file.id);
      if (pass === undefined) {
        warnings.push(`${file.path}: no pass header and no plan entry for "${file.id}"; the file was skipped`);
        continue;
      }
      const draft = draftPass(pass);
      for (const line of file.lines) {
        if (line.type === 'segment') draft.segments.push(line);
        else if (line.type === 'teacher') {
          draft.read.push(line);
          if (line.timing) draft.timings.push(line.timing);
        }
      }
    }
  }

  let duplicateTotal = 0;
  const cellList: CellData[] = [];
  for (const draft of cells.values()) {
    for (const record of draft.read) {
      if (!draft.plannedSeen.has(record.item)) {
        draft.unplanned += 1;
        continue;
      }
      const existing = draft.records.get(record.item);
      if (existing !== undefined) draft.duplicates += 1;
      draft.records.set(record.item, preferRecord(existing, record));
    }
    duplicateTotal += draft.duplicates;
    if (draft.unplanned > 0) warnings.push(`cell ${draft.cell.label}: ${draft.unplanned} record(s) for items no plan lists were not scored`);
    const { plannedSeen: _seen, read: _read, ...cell } = draft;
    cellList.push(cell);
  }
  const passMap = new Map<string, PassData>();
  for (const draft of passes.values()) {
    for (const record of draft.read) draft.records.set(record.item, preferRecord(draft.records.get(record.item), record));
    const { read: _read, ...pass } = draft;
    passMap.set(pass.pass.id, pass);
  }
  if (duplicateTotal > 0) {
    warnings.push(`${duplicateTotal} item record(s) appeared more than once (retries or overlapping folders); one per item was kept, preferring a record without error`);
  }

  const shardCounts = new Set(folders.map((f) => f.manifest.shard?.count).filter((c): c is number => c !== undefined));
  const present = [...new Set(folders.flatMap((f) => (f.manifest.shard ? [f.manifest.shard.index] : [])))].sort((a, b) => a - b);
  const count = shardCounts.size > 0 ? Math.max(...shardCounts) : null;
  for (const run of new Set(missing.map((m) => m.run))) {
    const absent = missing.filter((m) => m.run === run);
    const which = absent.length === 1 ? `shard ${absent[0]!.index} of ${absent[0]!.count} was` : `shards ${absent.map((m) => m.index).join(', ')} of ${absent[0]!.count} were`;
    warnings.push(`run "${run}": ${which} not given: accuracies and times cover only the items of the shards given`);
  }

  let prices: PriceTable = new Map();
  for (const folder of folders) prices = mergePrices(pricesFromConfig(folder.manifest.config, join(folder.dir, 'manifest.json')), prices);

  const first = folders[0]?.manifest.gkt;
  return {
    dirs: folders.map((f) => f.dir),
    runs: [...new Set(folders.map((f) => f.manifest.run))],
    gkt: { version: first?.version ?? null, commit: first?.commit ?? null },
    cells: cellList,
    passes: passMap,
    prompts: mergePrompts(folders),
    models: mergeModels(folders),
    prices,
    shards: { count, present, missing },
    warnings,
  };
}
