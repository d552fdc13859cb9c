import { describe, expect, it } from 'vitest';
import { PAPER_PAIR_CELLS, sweepConfig } from '../../bench/sweep-configs.js';
import { parseConfig } from '../../src/config/load.js';

const models = { teacherUrl: 'http://127.0.0.1:1/v1', studentUrl: 'http://127.0.0.1:2/v1', batch: 24 };

describe('sweepConfig', () => {
  it.each([
    ['the paper-size sweep', { name: 'paper-1319', teacherPasses: 'shared', teacherBatching: 'static', cells: PAPER_PAIR_CELLS, baselines: true, cache: '/tmp/cache' }],
    ['one continuous teacher pass, students 8 at once', { name: 'scheduling-continuous', teacherPasses: 'shared', teacherBatching: 'continuous', cells: [{ guidance: [40], outputLengths: [16] }], baselines: false, cache: false, studentConcurrency: 8 }],
    ['separate passes', { name: 'sweep-separate', teacherPasses: 'separate', teacherBatching: 'static', cells: [{ guidance: [10, 20, 30, 40], outputLengths: [16] }], baselines: false, cache: false }],
  ] as const)('%s is a config gkt accepts', (_name, shape) => {
    const cells = shape.cells.map((c) => ({ guidance: [...c.guidance], outputLengths: [...c.outputLengths] }));
    const config = sweepConfig({ ...shape, cells, dataset: '/tmp/gsm8k.jsonl' }, models);
    expect(() => parseConfig(JSON.stringify(config), 'bench.json', {})).not.toThrow();
  });

  it('leaves the student at one request at a time unless told', () => {
    const shape = { name: 'x', dataset: 'd', teacherPasses: 'shared', teacherBatching: 'static', cells: PAPER_PAIR_CELLS, baselines: true, cache: false } as const;
    expect(sweepConfig(shape, models)).not.toHaveProperty('studentConcurrency');
    expect(sweepConfig({ ...shape, studentConcurrency: 8 }, models).studentConcurrency).toBe(8);
  });

  it('turns every baseline off or on together', () => {
    const shape = { name: 'x', dataset: 'd', teacherPasses: 'shared', teacherBatching: 'static', cells: PAPER_PAIR_CELLS, cache: false } as const;
    expect(sweepConfig({ ...shape, baselines: false }, models).baselines).toEqual({ studentAlone: false, teacherAlone: false, teacherAloneBatched: false });
    expect(sweepConfig({ ...shape, baselines: true }, models).baselines).toEqual({ studentAlone: true, teacherAlone: true, teacherAloneBatched: true });
  });
});
