// Accuracy against guidance length (paper Fig. 4) and against the number of exemplars (Fig. 5), one panel per dataset.
import { representative } from '../repeats.js';
import { DATASET_LABELS, datasetsPresent, mainGroups, sortGroups } from '../tables/select.js';
import { batchingLabel } from '../tables/values.js';
import { CONFIG, SCHEMA, accPoint, datasetFacet, modeTag, panelWidth, simulation } from './common.js';
import type { TopLevelSpec } from 'vega-lite';
import type { DatasetName } from '../../vocabulary.js';
import type { CellMetrics } from '../metrics-types.js';
import type { RepeatGroup } from '../repeats.js';
import type { FigureInput, FigureSpec } from './common.js';

type Point = { dataset: string; series: string; x: number; acc: number; low: number; high: number };

/**
 * Lines with points and the 95% interval: a band over guidance lengths, or bars over a few shot counts.
 * Bars of series meeting at one x are spread a little apart (`dodge`) so that none hides another.
 */
function lineSpec(points: Point[], datasets: DatasetName[], x: { title: string; interval: 'band' | 'bars'; step: number }, title: string): TopLevelSpec {
  const series = [...new Set(points.map((p) => p.series))];
  const dodge = x.interval === 'bars' ? 0.07 : 0;
  const values = points.map((p) => ({ ...p, at: p.x + dodge * (series.indexOf(p.series) - (series.length - 1) / 2) }));
  const encoding = {
    x: { field: 'at', type: 'quantitative' as const, title: x.title, axis: { tickMinStep: x.step, format: 'd' }, scale: { zero: false, nice: false, padding: 12 } },
    // Solid legend swatches: the band layer would otherwise lend them its faint fill.
    color: { field: 'series', type: 'nominal' as const, title: null, sort: series, legend: { symbolOpacity: 1 } },
  };
  const range = { y: { field: 'low', type: 'quantitative' as const, title: 'ACC (%)' }, y2: { field: 'high' } };
  const interval = x.interval === 'band'
    ? { mark: { type: 'errorband' as const, opacity: 0.15 }, encoding: { ...encoding, ...range } }
    : { mark: { type: 'errorbar' as const, ticks: true }, encoding: { ...encoding, ...range } };
  return {
    $schema: SCHEMA,
    title,
    config: CONFIG,
    data: { values },
    facet: { column: datasetFacet(datasets) },
    spec: {
      width: panelWidth(datasets.length),
      height: 280,
      layer: [
        interval,
        {
          mark: { type: 'line', point: true },
          encoding: {
            ...encoding,
            y: { field: 'acc', type: 'quantitative', title: 'ACC (%)', scale: { domain: [0, 100] } },
            tooltip: [{ field: 'series' }, { field: 'x', title: x.title }, { field: 'acc', format: '.2f' }, { field: 'low', format: '.1f' }, { field: 'high', format: '.1f' }],
          },
        },
      ],
    },
    // Each dataset keeps its own range of lengths or shots (GSM8K has 8 exemplars, CSQA 7).
    resolve: { scale: { x: 'independent' } },
  } as TopLevelSpec;
}

/** Pair and projection, with the output length only where the pair ran with more than one on that dataset. */
function pairName(m: CellMetrics, groups: readonly RepeatGroup[]): string {
  const projection = m.teacher !== null && m.teacher.projection !== 'cutoff' ? ` ${m.teacher.projection}` : '';
  const lengths = new Set(groups.map(representative).filter((c) => c.teacher?.model === m.teacher?.model && c.student.model === m.student.model).map((c) => c.student.maxTokens));
  return `${m.teacher?.label}→${m.student.label}${projection}${lengths.size > 1 ? ` L=${m.student.maxTokens}` : ''}`;
}

/** Paper Fig. 4: ACC against guidance length N per pair, N = 0 being the student alone; 95% bands. */
export function guidanceFigure(input: FigureInput): FigureSpec | null {
  const points: Point[] = [];
  const datasets = datasetsPresent(input.groups);
  const mode = modeTag(input.groups);
  const gkt = input.groups.filter((g) => representative(g).teacher !== null);
  const sim = simulation(gkt);
  for (const dataset of datasets) {
    const groups = mainGroups(input.groups, dataset);
    for (const group of sortGroups(groups)) {
      const m = representative(group);
      const point = m.teacher === null ? null : accPoint(group, input.rule);
      if (m.teacher === null || point === null) continue;
      const series = pairName(m, groups) + mode(m) + sim.tag(group);
      points.push({ dataset: DATASET_LABELS[dataset], series, x: m.teacher.guidanceTokens, ...point });
      const alone = groups.find((g) => g.members.some((c) => c.id === m.baselines.studentAlone));
      const alonePoint = alone === undefined ? null : accPoint(alone, input.rule);
      const seen = points.some((p) => p.dataset === DATASET_LABELS[dataset] && p.series === series && p.x === 0);
      if (alonePoint !== null && !seen) points.push({ dataset: DATASET_LABELS[dataset], series, x: 0, ...alonePoint });
    }
  }
  if (points.length === 0) return null;
  const title = sim.title(`ACC (${input.rule} rule) against guidance length`);
  return {
    id: 'fig-guidance',
    title,
    caption: 'ACC(%) as the teacher writes N guidance tokens (N = 0: the student alone); bands are 95% Wilson intervals (paper Fig. 4).',
    series: [...new Set(points.map((p) => p.series))],
    spec: lineSpec(points, datasets.filter((d) => points.some((p) => p.dataset === DATASET_LABELS[d])), { title: 'Guidance length N (teacher tokens)', interval: 'band', step: 5 }, title),
  };
}

function shotsSeries(m: CellMetrics): string {
  if (m.teacher !== null) return `${m.teacher.label}→${m.student.label} ${pairLengths(m)}`;
  const batching = m.student.batching.kind === 'serial' ? '' : ` (${batchingLabel(m.student.batching)})`;
  return `${m.student.label} ${m.student.maxTokens}${batching}`;
}

function pairLengths(m: CellMetrics): string {
  const projection = m.teacher !== null && m.teacher.projection !== 'cutoff' ? `(${m.teacher.projection})` : '';
  return `${m.teacher?.guidanceTokens}${projection}→${m.student.maxTokens}`;
}

/** Paper Fig. 5: ACC against the number of exemplars, for configurations run with several; 95% interval bars. */
export function shotsFigure(input: FigureInput): FigureSpec | null {
  const bySeries = new Map<string, Point[]>();
  const mode = modeTag(input.groups);
  const sim = simulation(input.groups);
  for (const group of sortGroups(input.groups)) {
    const m = representative(group);
    const point = accPoint(group, input.rule);
    if (point === null) continue;
    const dataset = DATASET_LABELS[m.dataset];
    const series = shotsSeries(m) + mode(m) + sim.tag(group);
    const key = `${dataset}\u0000${series}`;
    bySeries.set(key, [...(bySeries.get(key) ?? []), { dataset, series, x: m.shots, ...point }]);
  }
  const points = [...bySeries.values()].filter((s) => new Set(s.map((p) => p.x)).size > 1).flat();
  if (points.length === 0) return null;
  const title = sim.title(`ACC (${input.rule} rule) against number of exemplars`);
  const datasets = datasetsPresent(input.groups).filter((d) => points.some((p) => p.dataset === DATASET_LABELS[d]));
  return {
    id: 'fig-shots',
    title,
    caption: 'ACC(%) as the prompt holds the first k exemplars; bars are 95% Wilson intervals (paper Fig. 5).',
    series: [...new Set(points.map((p) => p.series))],
    spec: lineSpec(points, datasets, { title: 'Exemplars (shots)', interval: 'bars', step: 1 }, title),
  };
}
