// The sweep tables: ACC per guidance length N for each pair (paper Fig. 4), and ACC per number of exemplars (Fig. 5).
import { representative } from '../repeats.js';
import { DASH, column, text } from './model.js';
import { DATASET_LABELS, datasetsPresent, isGkt, mainGroups, sortGroups } from './select.js';
import { accValue, modelLabel } from './values.js';
import type { CellMetrics } from '../metrics-types.js';
import type { RepeatGroup } from '../repeats.js';
import type { Table, TableRow, TableValue } from './model.js';
import type { TableInput } from './values.js';

function pairLabel(group: RepeatGroup): TableValue {
  const m = representative(group);
  const label = modelLabel(group);
  const projection = m.teacher !== null && m.teacher.projection !== 'cutoff' ? ` (${m.teacher.projection})` : '';
  return label.kind === 'text' ? text(label.text + projection, label.marks) : label;
}

/** ACC per guidance length, one row per pair, output length and projection; the student alone as N = 0. */
export function guidanceTable(input: TableInput): Table | null {
  const rows: TableRow[] = [];
  const lengths = new Set<number>();
  for (const dataset of datasetsPresent(input.groups)) {
    const groups = mainGroups(input.groups, dataset);
    const series = new Map<string, RepeatGroup[]>();
    for (const group of sortGroups(groups.filter(isGkt))) {
      const m = representative(group);
      const key = [m.teacher?.model, m.student.model, m.student.maxTokens, m.teacher?.projection].join('\u0000');
      series.set(key, [...(series.get(key) ?? []), group]);
    }
    const dataRows: TableRow[] = [];
    for (const members of series.values()) {
      const first = members[0] as RepeatGroup;
      const m = representative(first);
      const values: Record<string, TableValue> = { pair: pairLabel(first), output: text(String(m.student.maxTokens)) };
      const alone = groups.find((g) => g.members.some((c) => c.id === m.baselines.studentAlone));
      values['n-0'] = alone === undefined ? DASH : accValue(alone, input.rule);
      for (const group of members) {
        const n = representative(group).teacher?.guidanceTokens ?? 0;
        lengths.add(n);
        values[`n-${n}`] = accValue(group, input.rule);
      }
      dataRows.push({ kind: 'data', values });
    }
    if (dataRows.length > 0) rows.push({ kind: 'section', label: DATASET_LABELS[dataset] }, ...dataRows);
  }
  if (rows.length === 0) return null;
  const sorted = [...lengths].sort((a, b) => a - b);
  return {
    id: 'guidance',
    title: 'Guidance length: ACC(%) per N',
    caption: 'ACC(%) of each pair as the teacher writes N guidance tokens; N = 0 is the student alone at the same output length (paper Fig. 4).',
    context: '',
    columns: [
      column('pair', 'Pair', false),
      column('output', 'L', false),
      column('n-0', 'N=0 (student alone)'),
      ...sorted.map((n) => column(`n-${n}`, `N=${n}`)),
    ],
    rows,
    notes: [],
  };
}

function shotsKey(m: CellMetrics): string {
  return JSON.stringify([m.kind, m.dataset, m.format, m.mode, m.teacher?.model, m.teacher?.guidanceTokens, m.teacher?.projection,
    m.student.model, m.student.maxTokens, m.student.batching]);
}

/** ACC per number of exemplars, for each configuration run with two or more shot counts (paper Fig. 5). */
export function shotsTable(input: TableInput): Table | null {
  const rows: TableRow[] = [];
  const shotsSeen = new Set<number>();
  for (const dataset of datasetsPresent(input.groups)) {
    const series = new Map<string, RepeatGroup[]>();
    for (const group of sortGroups(input.groups.filter((g) => representative(g).dataset === dataset))) {
      const key = shotsKey(representative(group));
      series.set(key, [...(series.get(key) ?? []), group]);
    }
    const dataRows: TableRow[] = [];
    for (const members of series.values()) {
      if (new Set(members.map((g) => representative(g).shots)).size < 2) continue;
      const first = members[0] as RepeatGroup;
      const m = representative(first);
      const lengths = m.teacher === null ? String(m.student.maxTokens) : `${m.teacher.guidanceTokens}→${m.student.maxTokens}`;
      const values: Record<string, TableValue> = { model: pairLabel(first), length: text(lengths) };
      for (const group of members) {
        const shots = representative(group).shots;
        shotsSeen.add(shots);
        values[`shots-${shots}`] = accValue(group, input.rule);
      }
      dataRows.push({ kind: 'data', values });
    }
    if (dataRows.length > 0) rows.push({ kind: 'section', label: DATASET_LABELS[dataset] }, ...dataRows);
  }
  if (rows.length === 0) return null;
  return {
    id: 'shots',
    title: 'Exemplars: ACC(%) per number of shots',
    caption: 'ACC(%) as the prompt holds the first k exemplars (paper Appendix C.2, Fig. 5).',
    context: '',
    columns: [
      column('model', 'Model', false),
      column('length', 'Output Length', false),
      ...[...shotsSeen].sort((a, b) => a - b).map((k) => column(`shots-${k}`, `${k}-shot`)),
    ],
    rows,
    notes: [],
  };
}
