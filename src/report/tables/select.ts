// Choosing and ordering the groups a table shows: by dataset, main prompt, and the order models first appear.
import { DATASET_NAMES, type DatasetName, PROJECTIONS } from '../../vocabulary.js';
import { representative } from '../repeats.js';
import type { CellMetrics } from '../metrics-types.js';
import type { RepeatGroup } from '../repeats.js';

export const DATASET_LABELS: Record<DatasetName, string> = { gsm8k: 'GSM8K', csqa: 'CSQA' };

export function datasetsPresent(groups: readonly RepeatGroup[]): DatasetName[] {
  return DATASET_NAMES.filter((name) => groups.some((g) => representative(g).dataset === name));
}

function promptKey(m: CellMetrics): string {
  return `${m.format}\u0000${m.shots}`;
}

/** The dataset's main prompt: the (format, shots) most of its cells use; ties go to more shots. */
export function mainPromptKey(groups: readonly RepeatGroup[], dataset: DatasetName): string | null {
  const counts = new Map<string, { count: number; shots: number }>();
  for (const group of groups) {
    const m = representative(group);
    if (m.dataset !== dataset) continue;
    const key = promptKey(m);
    const entry = counts.get(key) ?? { count: 0, shots: m.shots };
    entry.count += 1;
    counts.set(key, entry);
  }
  let best: string | null = null;
  let bestEntry = { count: -1, shots: -1 };
  for (const [key, entry] of counts) {
    if (entry.count > bestEntry.count || (entry.count === bestEntry.count && entry.shots > bestEntry.shots)) {
      best = key;
      bestEntry = entry;
    }
  }
  return best;
}

/** Groups of one dataset using its main prompt. */
export function mainGroups(groups: readonly RepeatGroup[], dataset: DatasetName): RepeatGroup[] {
  const main = mainPromptKey(groups, dataset);
  return groups.filter((g) => representative(g).dataset === dataset && promptKey(representative(g)) === main);
}

/** Shots of this dataset's cells left out of the main-prompt tables. */
export function otherShots(groups: readonly RepeatGroup[], dataset: DatasetName): number[] {
  const main = mainPromptKey(groups, dataset);
  const shots = groups.map(representative).filter((m) => m.dataset === dataset && promptKey(m) !== main).map((m) => m.shots);
  return [...new Set(shots)].sort((a, b) => a - b);
}

/**
 * Plan order of models, then lengths: single models by model and L; GKT cells by pair, then N,
 * projection (cutoff, concise, hint) and L.
 */
export function sortGroups(groups: readonly RepeatGroup[]): RepeatGroup[] {
  const modelOrder = new Map<string, number>();
  const order = (name: string): number => {
    if (!modelOrder.has(name)) modelOrder.set(name, modelOrder.size);
    return modelOrder.get(name) ?? 0;
  };
  for (const g of groups) {
    const m = representative(g);
    if (m.teacher !== null) order(`${m.teacher.model}→${m.student.model}`);
    else order(m.student.model);
  }
  const key = (m: CellMetrics): number[] => [
    order(m.teacher === null ? m.student.model : `${m.teacher.model}→${m.student.model}`),
    m.teacher?.guidanceTokens ?? 0,
    m.teacher === null ? 0 : PROJECTIONS.indexOf(m.teacher.projection),
    m.student.maxTokens,
    m.student.batching.kind === 'serial' ? 0 : m.student.batching.size,
  ];
  return [...groups].sort((a, b) => {
    const ka = key(representative(a));
    const kb = key(representative(b));
    for (let i = 0; i < ka.length; i += 1) {
      const d = (ka[i] ?? 0) - (kb[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  });
}

export const isGkt = (group: RepeatGroup): boolean => representative(group).teacher !== null;
export const isSingle = (group: RepeatGroup): boolean => representative(group).teacher === null;
