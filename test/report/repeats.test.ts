// Repeats: cells identical but for repeat and seed are grouped, and tables give their mean ± sd.
import { describe, expect, it } from 'vitest';
import { groupStat, repeatGroups } from '../../src/report/repeats.js';
import { accValue, intervalValue, speedUpValue } from '../../src/report/tables/values.js';
import { valueText } from '../../src/report/tables/model.js';
import { metricsOf } from './builders.js';
import type { MetricsSpec } from './builders.js';

const base: MetricsSpec = { id: 'x', dataset: 'gsm8k', items: 100, teacher: { model: 't', n: 40 }, student: { model: 's', l: 300 }, acc: 0, teacherSeconds: 1, studentSeconds: 9 };

describe('repeatGroups', () => {
  const metrics = [
    metricsOf({ ...base, id: 'r0', repeat: 0, acc: 19 }),
    metricsOf({ ...base, id: 'other', teacher: { model: 't', n: 30 }, acc: 50 }),
    metricsOf({ ...base, id: 'r2', repeat: 2, acc: 21 }),
    metricsOf({ ...base, id: 'r1', repeat: 1, acc: 20 }),
  ];
  const groups = repeatGroups(metrics);

  it('groups by configuration in order of first appearance, members by repeat', () => {
    expect(groups.map((g) => g.members.map((m) => m.id))).toEqual([['r0', 'r1', 'r2'], ['other']]);
  });

  it('gives mean ± sample sd, and no sd for one member', () => {
    expect(groupStat(groups[0]!, (m) => m.acc.reference.percent)).toEqual({ mean: 20, sd: 1, n: 3 });
    expect(groupStat(groups[1]!, (m) => m.acc.reference.percent)).toEqual({ mean: 50, sd: null, n: 1 });
    expect(valueText(accValue(groups[0]!, 'reference'))).toBe('20.00 ± 1.00');
    expect(valueText(accValue(groups[1]!, 'reference'))).toBe('50.00');
  });

  it('shows the Wilson interval for one cell and leaves it to the sd for repeats', () => {
    expect(valueText(intervalValue(groups[0]!, 'reference'))).toBe('–');
    expect(intervalValue(groups[1]!, 'reference').kind).toBe('interval');
  });

  it('averages only the members that have a value', () => {
    const speedUps = [{ ...metrics[0]!, speedUp: 1.2 }, { ...metrics[3]!, speedUp: null }, { ...metrics[2]!, speedUp: 1.4 }];
    const [group] = repeatGroups(speedUps);
    expect(valueText(speedUpValue(group!, new Map(), 'serial'))).toBe('1.30 ± 0.14×');
  });
});
