// Accuracy against time for every cell, one panel per dataset, with the Pareto front joined and named in the legend.
import { groupStat, representative } from '../repeats.js';
import { DATASET_LABELS, datasetsPresent, sortGroups } from '../tables/select.js';
import { configLabel } from '../tables/values.js';
import { CONFIG, SCHEMA, datasetFacet, modeTag, panelWidth, simulation } from './common.js';
import { paretoFront } from './pareto.js';
import type { TopLevelSpec } from 'vega-lite';
import type { FigureInput, FigureSpec } from './common.js';

export function paretoFigure(input: FigureInput): FigureSpec | null {
  const values: Array<{ dataset: string; cell: string; kind: string; front: boolean; acc: number; seconds: number }> = [];
  const mode = modeTag(input.groups);
  const sim = simulation(input.groups);
  const datasets = datasetsPresent(input.groups);
  for (const dataset of datasets) {
    const points = sortGroups(input.groups.filter((g) => representative(g).dataset === dataset)).flatMap((group) => {
      const acc = groupStat(group, (m) => m.acc[input.rule].percent).mean;
      const seconds = groupStat(group, (m) => m.time.totalSeconds).mean;
      return acc === null || seconds === null ? [] : [{ group, acc, seconds }];
    });
    const front = paretoFront(points);
    points.forEach((point, i) => {
      const m = representative(point.group);
      values.push({
        dataset: DATASET_LABELS[dataset],
        // configLabel starts with the dataset; the legend is shared by the panels, so it keeps its display name.
        cell: `${DATASET_LABELS[dataset]}: ${configLabel(m).replace(/^\S+ /, '')}${mode(m)}${sim.tag(point.group)}`,
        kind: m.teacher === null ? 'single model' : 'GKT',
        front: front[i] === true,
        acc: point.acc,
        seconds: point.seconds,
      });
    });
  }
  if (values.length === 0) return null;
  const title = sim.title(`ACC (${input.rule} rule) against time`);
  const shown = datasets.filter((d) => values.some((v) => v.dataset === DATASET_LABELS[d]));
  const x = { field: 'seconds', type: 'quantitative', title: 'Time (s)', axis: { tickCount: 5, labelOverlap: true } };
  const y = { field: 'acc', type: 'quantitative', title: 'ACC (%)', scale: { domain: [0, 100] } };
  const shape = { field: 'kind', type: 'nominal', title: null, scale: { domain: ['GKT', 'single model'], range: ['circle', 'square'] } };
  const onFront = [{ filter: 'datum.front' }];
  const frontCells = values.filter((v) => v.front).map((v) => v.cell);
  const spec = {
    $schema: SCHEMA,
    title,
    config: CONFIG,
    data: { values },
    facet: { column: datasetFacet(shown) },
    spec: {
      width: panelWidth(shown.length),
      height: 280,
      layer: [
        // Drawn only when some cell is dominated: a layer with no data leaves vega an empty scale to warn about.
        ...(values.some((v) => !v.front) ? [{ transform: [{ filter: '!datum.front' }], mark: { type: 'point', filled: true, size: 50, color: '#b0b0b0' }, encoding: { x, y, shape } }] : []),
        { transform: onFront, mark: { type: 'line', strokeDash: [4, 3], color: '#555555' }, encoding: { x, y, order: { field: 'seconds', type: 'quantitative' } } },
        {
          transform: onFront,
          mark: { type: 'point', filled: true, size: 80, opacity: 1 },
          encoding: { x, y, shape, color: { field: 'cell', type: 'nominal', title: 'Pareto front', sort: frontCells, scale: { scheme: frontCells.length > 10 ? 'tableau20' : 'tableau10' } } },
        },
      ],
    },
    resolve: { scale: { x: 'independent' } },
  } as TopLevelSpec;
  return {
    id: 'fig-pareto',
    title,
    caption: 'Every cell\'s ACC(%) against its wall time, per dataset. Coloured and joined: the Pareto front (no other cell is both faster and more accurate); grey: the cells it dominates.',
    series: frontCells,
    spec,
  };
}
