// Tables 4 and 5 of the paper: teacher/student pairs compared at equal guidance and output lengths.
import { representative } from '../repeats.js';
import { column, text } from './model.js';
import { DATASET_LABELS, datasetsPresent, isGkt, mainGroups, sortGroups } from './select.js';
import { accValue, deltaValue, lengthLabel, modelLabel, repeatsLabel, speedUpValue, timeValue } from './values.js';
import type { DatasetName } from '../../vocabulary.js';
import type { CellMetrics } from '../metrics-types.js';
import type { RepeatGroup } from '../repeats.js';
import type { Column, Table, TableRow, TableValue } from './model.js';
import type { TableInput } from './values.js';

const COLUMNS: Column[] = [
  column('model', 'Model', false),
  column('length', 'Output Length', false),
  column('acc', 'ACC(%)'),
  column('delta', 'Δ(ACC)'),
  column('time', 'Time(s)'),
  column('speedUp', 'Speed Up'),
];

function row(group: RepeatGroup, input: TableInput): Record<string, TableValue> {
  return {
    model: modelLabel(group),
    length: text(lengthLabel(representative(group)) + repeatsLabel(group)),
    acc: accValue(group, input.rule),
    delta: deltaValue(group, input.byId),
    time: timeValue(group),
    speedUp: speedUpValue(group, input.byId, 'serial'),
  };
}

const lengthsKey = (m: CellMetrics): string => `${m.teacher?.guidanceTokens}→${m.student.maxTokens}`;
const pairKey = (m: CellMetrics): string => `${m.teacher?.model}→${m.student.model}`;

/** Cutoff GKT groups of a dataset's main prompt, by N→L, keeping settings where two or more pairs meet. */
function pairSettings(input: TableInput, dataset: DatasetName): Map<string, RepeatGroup[]> {
  const settings = new Map<string, RepeatGroup[]>();
  for (const group of sortGroups(mainGroups(input.groups, dataset).filter(isGkt))) {
    const m = representative(group);
    if (m.teacher?.projection !== 'cutoff') continue;
    settings.set(lengthsKey(m), [...(settings.get(lengthsKey(m)) ?? []), group]);
  }
  for (const [key, groups] of settings) {
    if (new Set(groups.map((g) => pairKey(representative(g)))).size < 2) settings.delete(key);
  }
  return settings;
}

/** Table 4: per dataset, the single models the pairs are built from, then every pair at each N→L two or more pairs share. */
export function tableFour(input: TableInput): Table | null {
  const rows: TableRow[] = [];
  for (const dataset of datasetsPresent(input.groups)) {
    const groups = mainGroups(input.groups, dataset);
    const pairs = [...pairSettings(input, dataset).values()].flat();
    if (pairs.length === 0) continue;
    const singleIds = new Set(pairs.flatMap((g) => g.members.flatMap((m) => [m.baselines.studentAlone, m.baselines.teacherAlone])));
    const singles = sortGroups(groups.filter((g) => g.members.some((m) => singleIds.has(m.id))));
    if (singles.length > 0) {
      rows.push({ kind: 'section', label: `${DATASET_LABELS[dataset]} · Single Model` });
      for (const group of singles) rows.push({ kind: 'data', values: row(group, input) });
    }
    rows.push({ kind: 'section', label: `${DATASET_LABELS[dataset]} · GKT Framework` });
    for (const group of pairs) rows.push({ kind: 'data', values: row(group, input) });
  }
  if (rows.length === 0) return null;
  return {
    id: 'table-4',
    title: 'Table 4: teacher/student pairs with their single models',
    caption: 'Every pair run at the same guidance and output length, beside the single models it is built from. Columns as in Table 2.',
    context: '',
    columns: COLUMNS,
    rows,
    notes: [],
  };
}

/** Table 5: per dataset, the pairs at the N→L most pairs share (the paper: 40→300 on GSM8K, 30→100 on CSQA). */
export function tableFive(input: TableInput): Table | null {
  const rows: TableRow[] = [];
  for (const dataset of datasetsPresent(input.groups)) {
    // Most pairs first; among settings as full, the longest guidance, then the longest output (the paper's choice).
    let best: RepeatGroup[] = [];
    const lengths = (groups: readonly RepeatGroup[]): [number, number] => {
      const m = groups[0] === undefined ? undefined : representative(groups[0]);
      return [m?.teacher?.guidanceTokens ?? -1, m?.student.maxTokens ?? -1];
    };
    for (const pairs of pairSettings(input, dataset).values()) {
      const [n, l] = lengths(pairs);
      const [bestN, bestL] = lengths(best);
      if (pairs.length > best.length || (pairs.length === best.length && (n > bestN || (n === bestN && l > bestL)))) best = pairs;
    }
    if (best.length === 0) continue;
    rows.push({ kind: 'section', label: DATASET_LABELS[dataset] });
    for (const group of best) rows.push({ kind: 'data', values: row(group, input) });
  }
  if (rows.length === 0) return null;
  return {
    id: 'table-5',
    title: 'Table 5: teacher influence on students',
    caption: 'The teacher/student pairs of each dataset at the guidance and output length most pairs share. Columns as in Table 2.',
    context: '',
    columns: COLUMNS,
    rows,
    notes: [],
  };
}
