// The report's figures as Vega-Lite specifications built from cell metrics (pure; rendering is elsewhere).
import { groupStat, representative } from '../repeats.js';
import { wilsonInterval } from '../statistics.js';
import { DATASET_LABELS, datasetsPresent, mainGroups, sortGroups } from '../tables/select.js';
import { batchingLabel, configLabel } from '../tables/values.js';
import { paretoFront } from './pareto.js';
import type { TopLevelSpec } from 'vega-lite';
import type { RuleName } from '../../extract/types.js';
import type { CellMetrics } from '../metrics-types.js';
import type { RepeatGroup } from '../repeats.js';

export interface FigureSpec {
  id: string;
  title: string;
  caption: string;
  /** Series names as they appear in the legend. */
  series: string[];
  spec: TopLevelSpec;
}

export interface FigureInput {
  groups: RepeatGroup[];
  rule: RuleName;
}

const SIZE = { width: 520, height: 300 };
const CONFIG = { font: 'sans-serif', background: 'white', legend: { labelLimit: 360 } };

const sim = (group: RepeatGroup): string => (group.members.some((m) => m.simulated) ? ' [sim]' : '');
const anySimulated = (groups: readonly RepeatGroup[]): boolean => groups.some((g) => g.members.some((m) => m.simulated));
const titled = (title: string, groups: readonly RepeatGroup[]): string => (anySimulated(groups) ? `${title} (simulated)` : title);

function pairName(m: CellMetrics): string {
  const projection = m.teacher !== null && m.teacher.projection !== 'cutoff' ? ` ${m.teacher.projection}` : '';
  return `${DATASET_LABELS[m.dataset]} ${m.teacher?.label}→${m.student.label}${projection} L=${m.student.maxTokens}`;
}

/** Mean accuracy over repeats, with the Wilson interval at that accuracy over the planned items. */
function accPoint(group: RepeatGroup, rule: RuleName): { acc: number; low: number; high: number } | null {
  const acc = groupStat(group, (m) => m.acc[rule].percent).mean;
  if (acc === null) return null;
  const total = representative(group).acc[rule].total;
  const interval = wilsonInterval((acc / 100) * total, total);
  return { acc, low: 100 * interval.low, high: 100 * interval.high };
}

function lineWithBand(values: Array<Record<string, unknown>>, x: { field: string; title: string }, title: string): TopLevelSpec {
  const encoding = {
    x: { field: x.field, type: 'quantitative' as const, title: x.title },
    color: { field: 'series', type: 'nominal' as const, title: null },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    ...SIZE,
    config: CONFIG,
    data: { values },
    layer: [
      { mark: { type: 'errorband', opacity: 0.2 }, encoding: { ...encoding, y: { field: 'low', type: 'quantitative', title: 'ACC (%)' }, y2: { field: 'high' } } },
      { mark: { type: 'line', point: true }, encoding: { ...encoding, y: { field: 'acc', type: 'quantitative', title: 'ACC (%)' } } },
    ],
  };
}

/** Paper Fig. 4: ACC against guidance length N per pair, N = 0 being the student alone; 95% bands. */
export function guidanceFigure(input: FigureInput): FigureSpec | null {
  const values: Array<Record<string, unknown>> = [];
  const used: RepeatGroup[] = [];
  for (const dataset of datasetsPresent(input.groups)) {
    const groups = mainGroups(input.groups, dataset);
    for (const group of sortGroups(groups)) {
      const m = representative(group);
      if (m.teacher === null) continue;
      const point = accPoint(group, input.rule);
      if (point === null) continue;
      const series = pairName(m) + sim(group);
      values.push({ series, n: m.teacher.guidanceTokens, ...point });
      used.push(group);
      const alone = groups.find((g) => g.members.some((c) => c.id === m.baselines.studentAlone));
      const alonePoint = alone === undefined ? null : accPoint(alone, input.rule);
      if (alonePoint !== null && !values.some((v) => v['series'] === series && v['n'] === 0)) values.push({ series, n: 0, ...alonePoint });
    }
  }
  if (values.length === 0) return null;
  const series = [...new Set(values.map((v) => String(v['series'])))];
  const title = titled(`ACC (${input.rule} rule) against guidance length`, used);
  return {
    id: 'fig-guidance',
    title,
    caption: 'ACC(%) as the teacher writes N guidance tokens (N = 0: the student alone); bands are 95% Wilson intervals (paper Fig. 4).',
    series,
    spec: lineWithBand(values, { field: 'n', title: 'Guidance length N (teacher tokens)' }, title),
  };
}

/** Paper Fig. 5: ACC against the number of exemplars, for configurations run with several. */
export function shotsFigure(input: FigureInput): FigureSpec | null {
  const bySeries = new Map<string, Array<Record<string, unknown>>>();
  const used: RepeatGroup[] = [];
  for (const group of sortGroups(input.groups)) {
    const m = representative(group);
    const point = accPoint(group, input.rule);
    if (point === null) continue;
    const series = configLabel(m).replace(/ \d+-shot$/, '') + sim(group);
    bySeries.set(series, [...(bySeries.get(series) ?? []), { series, shots: m.shots, ...point }]);
    used.push(group);
  }
  const values = [...bySeries.values()].filter((points) => new Set(points.map((p) => p['shots'])).size > 1).flat();
  if (values.length === 0) return null;
  const series = [...new Set(values.map((v) => String(v['series'])))];
  const title = titled(`ACC (${input.rule} rule) against number of exemplars`, used);
  return {
    id: 'fig-shots',
    title,
    caption: 'ACC(%) as the prompt holds the first k exemplars; bands are 95% Wilson intervals (paper Fig. 5).',
    series,
    spec: lineWithBand(values, { field: 'shots', title: 'Exemplars (shots)' }, title),
  };
}

/** Paper Fig. 3: wall time per phase as stacked bars, one bar per cell. */
export function phaseTimeFigure(input: FigureInput): FigureSpec | null {
  const values: Array<Record<string, unknown>> = [];
  const used: RepeatGroup[] = [];
  for (const dataset of datasetsPresent(input.groups)) {
    for (const group of sortGroups(mainGroups(input.groups, dataset))) {
      const m = representative(group);
      const bar = `${DATASET_LABELS[dataset]} ${m.teacher === null ? m.student.label : `${m.teacher.label}→${m.student.label}`} ${m.teacher === null ? m.student.maxTokens : `${m.teacher.guidanceTokens}${m.teacher.projection === 'cutoff' ? '' : `(${m.teacher.projection})`}→${m.student.maxTokens}`}${m.teacher === null && m.student.batching.kind !== 'serial' ? ` (${batchingLabel(m.student.batching)})` : ''}${sim(group)}`;
      const teacher = groupStat(group, (c) => c.time.teacher?.seconds ?? null).mean;
      const student = groupStat(group, (c) => c.time.student.seconds).mean;
      if (m.teacher !== null && teacher !== null) values.push({ bar, phase: 'teacher phase', seconds: teacher, order: 0 });
      if (student !== null) values.push({ bar, phase: m.teacher === null ? 'single model' : 'student phase', seconds: student, order: 1 });
      used.push(group);
    }
  }
  if (values.length === 0) return null;
  const bars = [...new Set(values.map((v) => String(v['bar'])))];
  const title = titled('Wall time per phase', used);
  return {
    id: 'fig-time',
    title,
    caption: 'Wall time of each phase over the dataset, stacked (paper Fig. 3); GKT cells show the teacher phase then the student phase.',
    series: [...new Set(values.map((v) => String(v['phase'])))],
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title,
      width: SIZE.width,
      height: { step: 22 },
      config: CONFIG,
      data: { values },
      mark: 'bar',
      encoding: {
        y: { field: 'bar', type: 'nominal', sort: bars, title: null, axis: { labelLimit: 360 } },
        x: { field: 'seconds', type: 'quantitative', stack: 'zero', title: 'Time (s)' },
        color: { field: 'phase', type: 'nominal', title: null, scale: { domain: ['teacher phase', 'student phase', 'single model'] } },
        order: { field: 'order', type: 'quantitative' },
      },
    },
  };
}

/** ACC against time for every cell, with each dataset's Pareto front marked and labelled. */
export function paretoFigure(input: FigureInput): FigureSpec | null {
  const values: Array<Record<string, unknown>> = [];
  const used: RepeatGroup[] = [];
  for (const dataset of datasetsPresent(input.groups)) {
    const points = sortGroups(input.groups.filter((g) => representative(g).dataset === dataset)).flatMap((group) => {
      const acc = groupStat(group, (m) => m.acc[input.rule].percent).mean;
      const seconds = groupStat(group, (m) => m.time.totalSeconds).mean;
      return acc === null || seconds === null ? [] : [{ group, acc, seconds }];
    });
    const front = paretoFront(points);
    points.forEach((point, i) => {
      const m = representative(point.group);
      values.push({
        dataset: DATASET_LABELS[dataset] + sim(point.group),
        cell: configLabel(m).replace(/^\S+ /, ''),
        kind: m.teacher === null ? 'single model' : 'GKT',
        front: front[i] === true ? 'Pareto front' : 'dominated',
        acc: point.acc,
        seconds: point.seconds,
      });
      used.push(point.group);
    });
  }
  if (values.length === 0) return null;
  const title = titled(`ACC (${input.rule} rule) against time`, used);
  const x = { field: 'seconds', type: 'quantitative' as const, title: 'Time (s)' };
  const y = { field: 'acc', type: 'quantitative' as const, title: 'ACC (%)' };
  const onFront = { filter: "datum.front === 'Pareto front'" };
  return {
    id: 'fig-pareto',
    title,
    caption: 'Every cell\'s ACC(%) against its wall time; per dataset, the Pareto front (no other cell both faster and more accurate) is joined and labelled.',
    series: [...new Set(values.map((v) => String(v['dataset'])))],
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title,
      ...SIZE,
      config: CONFIG,
      data: { values },
      layer: [
        { mark: { type: 'point', filled: true, size: 60 }, encoding: { x, y, color: { field: 'dataset', type: 'nominal', title: null }, shape: { field: 'kind', type: 'nominal', title: null }, opacity: { field: 'front', type: 'nominal', title: null, scale: { domain: ['Pareto front', 'dominated'], range: [1, 0.35] } } } },
        { transform: [onFront], mark: { type: 'line', strokeDash: [4, 3] }, encoding: { x, y, color: { field: 'dataset', type: 'nominal', title: null }, order: { field: 'seconds', type: 'quantitative' } } },
        { transform: [onFront], mark: { type: 'text', align: 'left', dx: 6, dy: -6, fontSize: 9 }, encoding: { x, y, text: { field: 'cell', type: 'nominal' } } },
      ],
    },
  };
}

export function figureSpecs(input: FigureInput): FigureSpec[] {
  return [guidanceFigure(input), phaseTimeFigure(input), shotsFigure(input), paretoFigure(input)].filter((f): f is FigureSpec => f !== null);
}
