// The warning a reader gets when the headline rule cannot read a cell's answers.
import { describe, expect, it } from 'vitest';
import { renderRunSummary } from '../../src/report/render/summary.js';
import { ruleWarnings } from '../../src/report/rule-warnings.js';
import { metricsOf } from './builders.js';

const csqa = (format: 'reference' | 'wei') => ({
  ...metricsOf({ id: `c-${format}`, dataset: 'csqa', student: { model: 's', l: 100 }, items: 10, acc: 20, studentSeconds: 1 }),
  format,
});

describe('ruleWarnings', () => {
  it('warns when the reference rule heads Wei-format CSQA cells, and only then', () => {
    expect(ruleWarnings([csqa('wei')], 'reference')).toHaveLength(1);
    expect(ruleWarnings([csqa('wei')], 'strict')).toEqual([]);
    expect(ruleWarnings([csqa('reference')], 'reference')).toEqual([]);
  });

  it('reaches the end-of-run summary', () => {
    expect(renderRunSummary([csqa('wei')], { color: false, width: 200 })).toMatch(/reference rule cannot read their answers/);
  });
});
