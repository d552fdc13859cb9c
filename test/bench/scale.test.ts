// The memory-at-scale figures: each size as a ratio to the smallest, with the targets the figures are held to.
import { describe, expect, it } from 'vitest';
import { RSS_RATIO_TARGET, scaleConfig, scaleFigures } from '../../bench/scale.js';
import { withVerdicts } from '../../bench/bench-report.js';
import { parseConfig } from '../../src/config/load.js';

const measured = new Map([
  ['run 1319', { peakMb: 100, seconds: 2 }],
  ['run 13190', { peakMb: 120, seconds: 12 }],
  ['run 65950', { peakMb: 160, seconds: 50 }],
  ['rerun 1319', { peakMb: 70, seconds: 0.3 }],
  ['rerun 13190', { peakMb: 75, seconds: 0.4 }],
  ['rerun 65950', { peakMb: 90, seconds: 0.9 }],
  ['report 1319', { peakMb: 95, seconds: 1 }],
  ['report 13190', { peakMb: 100, seconds: 2 }],
  ['report 65950', { peakMb: 130, seconds: 5 }],
]);

describe('scaleFigures', () => {
  const figures = withVerdicts(scaleFigures(measured, new Map([[1319, 0], [13190, 0], [65950, 0]])));
  const byId = new Map(figures.map((f) => [f.id, f]));

  it('gives each larger size\'s peak RSS and time as a ratio to the smallest\'s', () => {
    expect(byId.get('scale.run.peak-rss-ratio-65950')).toMatchObject({ value: 1.6, unit: 'ratio', target: { op: '<=', value: RSS_RATIO_TARGET }, met: false, note: '160 MB' });
    expect(byId.get('scale.report.peak-rss-ratio-13190')).toMatchObject({ value: 100 / 95, met: true });
    expect(byId.get('scale.rerun.wall-ratio-65950')?.value).toBeCloseTo(3, 10);
    expect(byId.get('scale.run.peak-rss-mb')).toMatchObject({ value: 100, unit: 'MB' });
  });

  it('holds the rerun to seconds and to no request', () => {
    expect(byId.get('scale.rerun.wall-s-largest')).toMatchObject({ value: 0.9, met: true });
    expect(byId.get('scale.rerun.requests')).toMatchObject({ value: 0, met: true });
  });
});

describe('scaleConfig', () => {
  it('is a valid config of one single model', () => {
    const config = parseConfig(JSON.stringify(scaleConfig('scale-1319', '/data/gsm8k.jsonl', 'http://127.0.0.1:8000/v1')), 'scale.json', {});
    expect(config.singles).toEqual(['model']);
  });
});
