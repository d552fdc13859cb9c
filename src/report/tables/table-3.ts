// Table 3 of the paper: one teacher/student pair under cutoff, concise and hint guidance, with each instruction.
import { PROJECTION_INSTRUCTIONS } from '../../prompts/index.js';
import { representative } from '../repeats.js';
import { column, text } from './model.js';
import { DATASET_LABELS, datasetsPresent, isGkt, mainGroups, sortGroups } from './select.js';
import { accValue, deltaValue, lengthLabel, modelLabel, repeatsLabel, speedUpValue, timeValue } from './values.js';
import type { CellMetrics } from '../metrics-types.js';
import type { RepeatGroup } from '../repeats.js';
import type { Table, TableRow, TableValue } from './model.js';
import type { TableInput } from './values.js';

function row(group: RepeatGroup, input: TableInput): Record<string, TableValue> {
  const m = representative(group);
  const instruction = m.teacher === null ? '' : PROJECTION_INSTRUCTIONS[m.teacher.projection];
  return {
    model: modelLabel(group),
    prompt: text(instruction === '' ? '–' : `"${instruction}"`),
    length: text(lengthLabel(m) + repeatsLabel(group)),
    acc: accValue(group, input.rule),
    delta: deltaValue(group, input.byId),
    time: timeValue(group),
    speedUp: speedUpValue(group, input.byId, 'serial'),
  };
}

/** The single-model group behind a cell id, if the table's groups hold it. */
function groupOf(id: string | null, groups: readonly RepeatGroup[]): RepeatGroup | null {
  if (id === null) return null;
  return groups.find((g) => g.members.some((m) => m.id === id)) ?? null;
}

/** One pair at one output length: the paper's Table 3 holds these fixed and varies the projection. */
function pairLengthKey(m: CellMetrics): string {
  return [m.teacher?.model, m.student.model, m.student.maxTokens].join('\u0000');
}

export function tableThree(input: TableInput): Table | null {
  const rows: TableRow[] = [];
  for (const dataset of datasetsPresent(input.groups)) {
    const groups = mainGroups(input.groups, dataset);
    const byPair = new Map<string, RepeatGroup[]>();
    for (const group of sortGroups(groups.filter(isGkt))) {
      const key = pairLengthKey(representative(group));
      byPair.set(key, [...(byPair.get(key) ?? []), group]);
    }
    for (const gkt of byPair.values()) {
      // Only guidance lengths run under two or more projections compare projections.
      const projectionsAt = new Map<number, Set<string>>();
      for (const group of gkt) {
        const t = representative(group).teacher;
        if (t !== null) projectionsAt.set(t.guidanceTokens, (projectionsAt.get(t.guidanceTokens) ?? new Set()).add(t.projection));
      }
      const compared = gkt.filter((g) => (projectionsAt.get(representative(g).teacher?.guidanceTokens ?? -1)?.size ?? 0) >= 2);
      if (compared.length === 0) continue;
      const first = representative(compared[0] as RepeatGroup);
      const pair = `${DATASET_LABELS[dataset]} · ${first.teacher?.label}→${first.student.label}`;
      const singles = [groupOf(first.baselines.studentAlone, groups), groupOf(first.baselines.teacherAlone, groups)].filter((g) => g !== null);
      if (singles.length > 0) {
        rows.push({ kind: 'section', label: `${pair} · Single Model` });
        for (const single of singles) rows.push({ kind: 'data', values: row(single, input) });
      }
      rows.push({ kind: 'section', label: `${pair} · GKT Framework` });
      for (const group of compared) rows.push({ kind: 'data', values: row(group, input) });
    }
  }
  if (rows.length === 0) return null;
  return {
    id: 'table-3',
    title: 'Table 3: guidance projections (cutoff, concise, hint)',
    caption:
      'The same pair and lengths with the teacher prompted plainly (cutoff), to answer briefly (concise) or to give a hint (hint); ' +
      'the instruction is put before the exemplars of the teacher\'s prompt only. Columns as in Table 2.',
    context: '',
    columns: [
      column('model', 'Model', false),
      column('prompt', 'Prompt', false),
      column('length', 'Output Length', false),
      column('acc', 'ACC(%)'),
      column('delta', 'Δ(ACC)'),
      column('time', 'Time(s)'),
      column('speedUp', 'Speed Up'),
    ],
    rows,
    notes: [],
  };
}
