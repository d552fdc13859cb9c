// Paper Fig. 3: wall time per phase as stacked bars (teacher pass, then student phase), one panel per dataset.
import { groupStat, representative } from '../repeats.js';
import { DATASET_LABELS, datasetsPresent, mainGroups, sortGroups } from '../tables/select.js';
import { batchingLabel, lengthLabel } from '../tables/values.js';
import { CONFIG, SCHEMA, datasetFacet, modeTag, panelWidth, simulation } from './common.js';
import type { TopLevelSpec } from 'vega-lite';
import type { CellMetrics } from '../metrics-types.js';
import type { FigureInput, FigureSpec } from './common.js';

const PHASES = ['teacher pass', 'student phase', 'single model'];
const COLOURS = ['#4c78a8', '#f58518', '#9d9d9d'];

function barName(m: CellMetrics): string {
  const who = m.teacher === null ? m.student.label : `${m.teacher.label}→${m.student.label}`;
  const batching = m.teacher === null && m.student.batching.kind !== 'serial' ? ` (${batchingLabel(m.student.batching)})` : '';
  return `${who} ${lengthLabel(m)}${batching}`;
}

export function phaseTimeFigure(input: FigureInput): FigureSpec | null {
  const values: Array<{ dataset: string; bar: string; phase: string; seconds: number; order: number }> = [];
  const mode = modeTag(input.groups);
  const sim = simulation(input.groups);
  const datasets = datasetsPresent(input.groups);
  for (const dataset of datasets) {
    // Single models first, then the pairs, as in Table 2 and the paper's Fig. 3.
    const sorted = sortGroups(mainGroups(input.groups, dataset));
    for (const group of [...sorted.filter((g) => representative(g).teacher === null), ...sorted.filter((g) => representative(g).teacher !== null)]) {
      const m = representative(group);
      const bar = barName(m) + mode(m) + sim.tag(group);
      const teacher = groupStat(group, (c) => c.time.teacher?.seconds ?? null).mean;
      const student = groupStat(group, (c) => c.time.student.seconds).mean;
      const label = DATASET_LABELS[dataset];
      if (m.teacher !== null && teacher !== null) values.push({ dataset: label, bar, phase: 'teacher pass', seconds: teacher, order: 0 });
      if (student !== null) values.push({ dataset: label, bar, phase: m.teacher === null ? 'single model' : 'student phase', seconds: student, order: 1 });
    }
  }
  if (values.length === 0) return null;
  const title = sim.title('Wall time per phase');
  const shown = datasets.filter((d) => values.some((v) => v.dataset === DATASET_LABELS[d]));
  const spec = {
    $schema: SCHEMA,
    title,
    config: CONFIG,
    data: { values },
    facet: { row: { ...datasetFacet(shown), header: { labelAngle: 0, labelAlign: 'left' } } },
    spec: {
      width: panelWidth(1),
      height: { step: 22 },
      mark: 'bar',
      encoding: {
        y: { field: 'bar', type: 'nominal', sort: [...new Set(values.map((v) => v.bar))], title: null },
        x: { field: 'seconds', type: 'quantitative', stack: 'zero', title: 'Time (s)', axis: { tickCount: 8, labelOverlap: true } },
        color: { field: 'phase', type: 'nominal', title: null, scale: { domain: PHASES, range: COLOURS } },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [{ field: 'bar' }, { field: 'phase' }, { field: 'seconds', format: '.2f' }],
      },
    },
    // Each dataset's bars are its own cells, and its times its own scale.
    resolve: { scale: { y: 'independent', x: 'independent' } },
  } as TopLevelSpec;
  return {
    id: 'fig-time',
    title,
    caption: 'Wall time of each phase over the dataset, stacked (paper Fig. 3): a GKT cell\'s teacher pass, then its student phase; a single model\'s whole run.',
    series: [...new Set(values.map((v) => v.phase))],
    spec,
  };
}
