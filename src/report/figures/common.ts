// What every figure shares: its description, the facet per dataset, how simulated data is flagged, and accuracy points.
import { groupStat, representative } from '../repeats.js';
import { wilsonInterval } from '../statistics.js';
import { DATASET_LABELS } from '../tables/select.js';
import type { TopLevelSpec } from 'vega-lite';
import type { DatasetName, RuleName } from '../../vocabulary.js';
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

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
export const CONFIG = {
  font: 'sans-serif',
  background: 'white',
  legend: { labelLimit: 480 },
  axis: { labelLimit: 480 },
  header: { labelFontSize: 13, labelFontWeight: 'bold' as const },
};

/** One panel per dataset (paper Figs. 4 and 5 show GSM8K and CSQA side by side). */
export function panelWidth(panels: number): number {
  return panels > 1 ? 400 : 540;
}

export function datasetFacet(datasets: readonly DatasetName[]) {
  return { field: 'dataset', type: 'nominal' as const, title: null, sort: datasets.map((d) => DATASET_LABELS[d]) };
}

/**
 * Flags simulated data: in the title when every point is simulated, per series when only some are,
 * so that a figure never passes a simulated number off as a measurement.
 */
export function simulation(groups: readonly RepeatGroup[]): { title: (title: string) => string; tag: (group: RepeatGroup) => string } {
  const simulated = (g: RepeatGroup) => g.members.some((m) => m.simulated);
  const all = groups.length > 0 && groups.every(simulated);
  const some = groups.some(simulated);
  return {
    title: (title) => (all ? `${title} (simulated)` : some ? `${title} ([sim] = simulated)` : title),
    tag: (group) => (!all && simulated(group) ? ' [sim]' : ''),
  };
}

/** A mode suffix for series names, needed only when the figure mixes faithful and practical cells. */
export function modeTag(groups: readonly RepeatGroup[]): (m: CellMetrics) => string {
  const modes = new Set(groups.map((g) => representative(g).mode));
  return (m) => (modes.size > 1 ? ` (${m.mode})` : '');
}

/** Mean accuracy over repeats, with the Wilson interval at that accuracy over the planned items. */
export function accPoint(group: RepeatGroup, rule: RuleName): { acc: number; low: number; high: number } | null {
  const acc = groupStat(group, (m) => m.acc[rule].percent).mean;
  if (acc === null) return null;
  const total = representative(group).acc[rule].total;
  const interval = wilsonInterval((acc / 100) * total, total);
  return { acc, low: 100 * interval.low, high: 100 * interval.high };
}
