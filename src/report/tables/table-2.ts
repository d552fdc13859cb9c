// Table 2 of the paper: per dataset, single models then GKT pairs, with ACC_teacher, ACC, Δ(ACC), Time and Speed Up.
import { representative } from '../repeats.js';
import { shownRules } from '../shown-rules.js';
import { column, text } from './model.js';
import { DATASET_LABELS, datasetsPresent, isGkt, isSingle, mainGroups, otherShots, sortGroups } from './select.js';
import {
  accTeacherValue, accValue, deltaValue, intervalValue, lengthLabel, modelLabel, repeatsLabel, speedUpValue, timeValue,
} from './values.js';
import type { Column, Table, TableRow, TableValue } from './model.js';
import type { RepeatGroup } from '../repeats.js';
import type { TableInput } from './values.js';

export function tableTwoColumns(input: TableInput): Column[] {
  const others = (input.rules ?? shownRules(input.metrics, input.rule)).filter((rule) => rule !== input.rule);
  return [
    column('model', 'Model', false),
    column('length', 'Output Length', false),
    column('accTeacher', 'ACC_teacher(%)'),
    column('acc', 'ACC(%)'),
    column('interval', '95% CI'),
    ...others.map((rule) => column(`acc-${rule}`, `ACC ${rule}(%)`)),
    column('delta', 'Δ(ACC)'),
    column('time', 'Time(s)'),
    column('speedUp', 'Speed Up'),
    column('speedUpSame', 'Speed Up (same batching)'),
  ];
}

export function tableTwoRow(group: RepeatGroup, input: TableInput): Record<string, TableValue> {
  const m = representative(group);
  const values: Record<string, TableValue> = {
    model: modelLabel(group),
    length: text(lengthLabel(m) + repeatsLabel(group)),
    accTeacher: accTeacherValue(group, input.rule),
    acc: accValue(group, input.rule),
    interval: intervalValue(group, input.rule),
    delta: deltaValue(group, input.byId),
    time: timeValue(group),
    speedUp: speedUpValue(group, input.byId, 'serial'),
    speedUpSame: speedUpValue(group, input.byId, 'same'),
  };
  for (const rule of input.rules ?? shownRules(input.metrics, input.rule)) if (rule !== input.rule) values[`acc-${rule}`] = accValue(group, rule);
  return values;
}

export function tableTwo(input: TableInput): Table | null {
  const rows: TableRow[] = [];
  const notes: string[] = [];
  for (const dataset of datasetsPresent(input.groups)) {
    const groups = mainGroups(input.groups, dataset);
    const singles = sortGroups(groups.filter(isSingle));
    const gkt = sortGroups(groups.filter(isGkt));
    if (singles.length > 0) {
      rows.push({ kind: 'section', label: `${DATASET_LABELS[dataset]} · Single Model` });
      for (const group of singles) rows.push({ kind: 'data', values: tableTwoRow(group, input) });
    }
    if (gkt.length > 0) {
      rows.push({ kind: 'section', label: `${DATASET_LABELS[dataset]} · GKT Framework` });
      for (const group of gkt) rows.push({ kind: 'data', values: tableTwoRow(group, input) });
    }
    const shots = otherShots(input.groups, dataset);
    if (shots.length > 0) {
      notes.push(`${DATASET_LABELS[dataset]}: cells with other prompts (${shots.join(', ')} shots) are in the shots and per-cell tables.`);
    }
  }
  if (rows.length === 0) return null;
  return {
    id: 'table-2',
    title: 'Table 2: results per dataset',
    caption:
      `ACC(%) is correct / planned items under the ${input.rule} rule (95% Wilson interval beside it); ACC_teacher(%) applies the rule to the guidance alone. ` +
      'Δ(ACC) = ACC(GKT) − ACC(student alone, same output length). Time(s) is wall time over the dataset (GKT: teacher pass + student phase). ' +
      'Speed Up = Time(teacher alone, one request at a time) / Time(GKT); Speed Up (same batching) uses the teacher alone under the teacher pass\'s batching. ' +
      '"N→L": the teacher writes N guidance tokens, the student completes up to L tokens.',
    context: '',
    // The batched teacher-alone baseline is optional (baselines.teacherAloneBatched): no column without it.
    columns: tableTwoColumns(input).filter((c) => c.key !== 'speedUpSame' || input.metrics.some((m) => m.speedUpSameBatching !== null)),
    rows,
    notes,
  };
}
