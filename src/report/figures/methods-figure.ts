// Accuracy against time for every method of a pair, its Pareto front joined, and each threshold router's sweep drawn as a curve.
import { representative } from '../repeats.js';
import { methodGroups } from '../methods/method-rows.js';
import { CONFIG, SCHEMA, simulation } from './common.js';
import type { TopLevelSpec } from 'vega-lite';
import type { FigureInput, FigureSpec } from './common.js';

interface Point {
  group: string;
  layer: 'method' | 'sweep';
  name: string;
  kind: string;
  front: boolean;
  acc: number;
  seconds: number;
  order: number;
}

/** The same rows as the Methods table (methodGroups), so that the front drawn is the one the table marks. */
export function methodsFigure(input: FigureInput): FigureSpec | null {
  const metrics = input.groups.flatMap((g) => g.members);
  const groups = methodGroups(metrics, { rule: input.rule, prices: new Map(), models: new Map(), costs: new Map(), byId: new Map(metrics.map((m) => [m.id, m])) });
  if (!groups.some((g) => g.rows.some((r) => r.kind === 'handoff' || r.kind === 'cascade' || r.kind === 'route' || r.kind === 'speculative'))) return null;
  const values: Point[] = [];
  for (const group of groups) {
    for (const row of group.rows) {
      if (row.seconds === null) continue;
      values.push({ group: group.title, layer: 'method', name: row.method, kind: row.kind, front: row.front, acc: row.acc, seconds: row.seconds, order: 0 });
      const sweep = row.metrics.versus?.routing?.sweep;
      if (row.kind !== 'route' || !sweep) continue;
      sweep.forEach((point, order) => {
        if (point.seconds !== null) values.push({ group: group.title, layer: 'sweep', name: `sweep: ${row.method.replace(/^route /, '').replace(/[<>].*$/, '')}`, kind: 'sweep', front: false, acc: point.acc, seconds: point.seconds, order });
      });
    }
  }
  if (values.length === 0) return null;
  const sim = simulation(input.groups.filter((g) => representative(g).kind !== 'single' || representative(g).method !== null));
  const title = sim.title(`Methods: ACC (${input.rule} rule) against time`);
  const x = { field: 'seconds', type: 'quantitative', title: 'Time (s)', axis: { tickCount: 5, labelOverlap: true } };
  const y = { field: 'acc', type: 'quantitative', title: 'ACC (%)', scale: { domain: [0, 100] } };
  const kinds = ['student alone', 'teacher alone', 'gkt', 'handoff', 'cascade', 'route', 'speculative'];
  const shape = { field: 'kind', type: 'nominal', title: 'kind', scale: { domain: kinds, range: ['square', 'square', 'circle', 'diamond', 'triangle-up', 'cross', 'triangle-down'] } };
  const frontNames = [...new Set(values.filter((v) => v.front).map((v) => v.name))];
  const spec = {
    $schema: SCHEMA,
    title,
    config: CONFIG,
    data: { values },
    facet: { row: { field: 'group', type: 'nominal', title: null } },
    spec: {
      width: 560,
      height: 300,
      layer: [
        {
          transform: [{ filter: "datum.layer === 'sweep'" }],
          mark: { type: 'line', strokeWidth: 1, opacity: 0.6, point: { size: 8 } },
          encoding: { x, y, order: { field: 'order', type: 'quantitative' }, strokeDash: { field: 'name', type: 'nominal', title: 'threshold sweep' }, color: { value: '#888888' } },
        },
        { transform: [{ filter: "datum.layer === 'method' && !datum.front" }], mark: { type: 'point', filled: true, size: 60, color: '#b0b0b0' }, encoding: { x, y, shape } },
        {
          transform: [{ filter: "datum.layer === 'method' && datum.front" }],
          mark: { type: 'line', strokeDash: [4, 3], color: '#555555' },
          encoding: { x, y, order: { field: 'seconds', type: 'quantitative' } },
        },
        {
          transform: [{ filter: "datum.layer === 'method' && datum.front" }],
          mark: { type: 'point', filled: true, size: 90, opacity: 1 },
          encoding: { x, y, shape, color: { field: 'name', type: 'nominal', title: 'Pareto front', sort: frontNames, scale: { scheme: frontNames.length > 10 ? 'tableau20' : 'tableau10' } } },
        },
      ],
    },
    resolve: { scale: { x: 'independent', color: 'shared' } },
  } as TopLevelSpec;
  return {
    id: 'fig-methods',
    title,
    caption:
      "Every row of the Methods table: ACC(%) against Time(s), one panel per pair and output length. Coloured and joined: the Pareto front (the rows marked ★); grey: the rows it dominates. Grey lines: a threshold router's sweep, every threshold of its signal from all items with the student to all with the teacher.",
    series: frontNames,
    spec,
  };
}
