// Table 6 of the paper: an API model as teacher: its average output length, the students' ACC and Δ(ACC).
import { groupStat, representative } from '../repeats.js';
import { column, num, text } from './model.js';
import { DATASET_LABELS, datasetsPresent, isGkt, mainGroups, sortGroups } from './select.js';
import { accValue, deltaValue, lengthLabel, repeatsLabel } from './values.js';
import type { RepeatGroup } from '../repeats.js';
import type { Table, TableRow } from './model.js';
import type { TableInput } from './values.js';

/** Server kinds that are hosted APIs rather than servers the user runs. */
const API_KINDS = new Set(['openai']);

export function tableSix(input: TableInput): Table | null {
  const rows: TableRow[] = [];
  const isApi = (name: string): boolean => API_KINDS.has(input.models.get(name)?.kind ?? '');
  for (const dataset of datasetsPresent(input.groups)) {
    const groups = mainGroups(input.groups, dataset);
    const gkt = sortGroups(groups.filter((g) => isGkt(g) && isApi(representative(g).teacher?.model ?? '')));
    const teachers = [...new Set(gkt.map((g) => representative(g).teacher?.model ?? ''))];
    for (const teacher of teachers) {
      const own = gkt.filter((g) => representative(g).teacher?.model === teacher);
      const first = representative(own[0] as RepeatGroup);
      rows.push({ kind: 'section', label: `${DATASET_LABELS[dataset]} · ${first.teacher?.label} as teacher` });
      const aloneIds = new Set(own.flatMap((g) => g.members.map((m) => m.baselines.teacherAlone)));
      for (const alone of sortGroups(groups.filter((g) => g.members.some((m) => aloneIds.has(m.id))))) {
        const stat = groupStat(alone, (m) => m.roles.student.completionTokens.mean);
        rows.push({ kind: 'data', values: {
          model: text(`Full ${representative(alone).student.label}`, representative(alone).simulated ? ['simulated'] : []),
          teacherTokens: num(stat.mean, 2, { sd: stat.sd }),
          length: text(lengthLabel(representative(alone)) + repeatsLabel(alone)),
          acc: accValue(alone, input.rule),
          delta: text('–'),
        } });
      }
      for (const group of own) {
        const m = representative(group);
        const stat = groupStat(group, (c) => c.guidance?.meanTokens ?? null);
        rows.push({ kind: 'data', values: {
          model: text(m.student.label, m.simulated ? ['simulated'] : []),
          teacherTokens: num(stat.mean, 2, { sd: stat.sd }),
          length: text(lengthLabel(m) + repeatsLabel(group)),
          acc: accValue(group, input.rule),
          delta: deltaValue(group, input.byId),
        } });
      }
    }
  }
  if (rows.length === 0) return null;
  return {
    id: 'table-6',
    title: 'Table 6: an API model as teacher',
    caption:
      'Average output length of the teacher in its own tokens (alone: its whole answer; as teacher: the guidance it wrote), ' +
      'and ACC(%) of each student completing that guidance. Δ(ACC) is against the student alone at the same output length.',
    context: '',
    columns: [
      column('model', 'Model', false),
      column('teacherTokens', 'Teacher avg output length (tokens)'),
      column('length', 'Output Length', false),
      column('acc', 'ACC(%)'),
      column('delta', 'Δ(ACC)'),
    ],
    rows,
    notes: [],
  };
}
