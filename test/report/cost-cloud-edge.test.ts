// Cost per cell, the paper's claim form, and the cloud-edge arithmetic of its Section 4.2.
import { describe, expect, it } from 'vitest';
import { sharePercent } from '../../src/report/arithmetic.js';
import { cloudEdgeViews } from '../../src/report/cloud-edge.js';
import { compareWithBaselines } from '../../src/report/comparisons.js';
import { cellCosts, claimText, roleCost } from '../../src/report/cost.js';
import { cellOf, metricsOf, modelInfo } from './builders.js';
import type { PriceTable } from '../../src/report/prices.js';
import type { MetricsSpec } from './builders.js';

const price = (p: { inputPer1k?: number; outputPer1k?: number; gpuHour?: number }) => ({
  inputPer1k: p.inputPer1k ?? null, outputPer1k: p.outputPer1k ?? null, gpuHour: p.gpuHour ?? null, source: 'test',
});

const models = new Map([['api', modelInfo('api', 'API', 'openai')], ['small', modelInfo('small', 'Small')]]);

describe('claim text and shares', () => {
  it('gives the paper\'s ChatGPT→Llama2-70B claim from its printed numbers', () => {
    expect(sharePercent(64.75, 68.16)?.toFixed(2)).toBe('95.00');
    expect(claimText(95.0, 52.0)).toBe("95.00% of the teacher's accuracy at 52% of its cost");
  });

  it('makes no claim without both shares, and no share of nothing', () => {
    expect(claimText(null, 52)).toBeNull();
    expect(sharePercent(10, 0)).toBeNull();
    expect(sharePercent(null, 10)).toBeNull();
  });
});

describe('roleCost', () => {
  const stats = metricsOf({ id: 'x', dataset: 'gsm8k', items: 10, student: { model: 'api', l: 300 }, acc: 50, studentSeconds: 7200, promptTokens: 20_000, completionTokens: 3_000 }).roles.student;

  it.each([
    ['tokens', price({ inputPer1k: 0.0015, outputPer1k: 0.002 }), 20 * 0.0015 + 3 * 0.002],
    ['gpu-hours', price({ gpuHour: 2 }), 4],
  ] as const)('by %s', (basis, modelPrice, amount) => {
    const cost = roleCost(stats, 7200, new Map([['api', modelPrice]]), models);
    expect(cost.basis).toBe(basis);
    expect(cost.amount).toBeCloseTo(amount, 12);
  });

  it('is unpriced without a price, and unknown without the numbers its basis needs', () => {
    expect(roleCost(stats, 7200, new Map(), models)).toEqual({ model: 'api', amount: null, basis: 'unpriced' });
    expect(roleCost(stats, null, new Map([['api', price({ gpuHour: 2 })]]), models).amount).toBeNull();
  });
});

describe('cellCosts', () => {
  const specs: MetricsSpec[] = [
    { id: 'api alone', dataset: 'gsm8k', items: 100, student: { model: 'api', l: 300 }, acc: 68, studentSeconds: 100, promptTokens: 100_000, completionTokens: 30_000 },
    { id: 'small alone', dataset: 'gsm8k', items: 100, student: { model: 'small', l: 300 }, acc: 40, studentSeconds: 3600 },
    {
      id: 'api→small', dataset: 'gsm8k', items: 100, teacher: { model: 'api', n: 40 }, student: { model: 'small', l: 300 },
      acc: 51, teacherSeconds: 50, studentSeconds: 1800, guidanceTokens: 40,
    },
  ];
  const metrics = compareWithBaselines(specs.map((s) => metricsOf(s)), specs.map(cellOf));
  // The GKT teacher's requests: 100 prompts of 1000 tokens, 40 guidance tokens each.
  const gkt = metrics.find((m) => m.id === 'api→small')!;
  gkt.roles.teacher = { ...gkt.roles.teacher!, promptTokens: { sum: 100_000, mean: 1000, reported: 100 }, completionTokens: { sum: 4_000, mean: 40, reported: 100 } };
  const prices: PriceTable = new Map([['api', price({ inputPer1k: 0.001, outputPer1k: 0.002 })], ['small', price({ gpuHour: 2 })]]);
  const costs = cellCosts(metrics, prices, models);
  const cost = costs.find((c) => c.id === 'api→small')!;

  it('adds the teacher\'s tokens and the student\'s GPU time', () => {
    expect(cost.teacher?.amount).toBeCloseTo(0.1 + 0.008, 12);
    expect(cost.student.amount).toBeCloseTo(1, 12);
    expect(cost.total).toBeCloseTo(1.108, 12);
  });

  it('compares with the teacher alone: 75.00% of its accuracy at 693% of its cost', () => {
    expect(cost.teacherAlone).toEqual({ id: 'api alone', cost: 0.1 + 0.06, accPercent: 68 });
    expect(cost.accShare).toBeCloseTo(75, 10);
    expect(cost.costShare).toBeCloseTo((100 * 1.108) / 0.16, 10);
    expect(cost.claim).toBe("75.00% of the teacher's accuracy at 693% of its cost");
  });

  it('leaves the total unknown when one role is unpriced', () => {
    const partial = cellCosts(metrics, new Map([['api', prices.get('api')!]]), models).find((c) => c.id === 'api→small')!;
    expect([partial.student.basis, partial.total, partial.claim]).toEqual(['unpriced', null, null]);
  });
});

describe('cloudEdgeViews', () => {
  const specs: MetricsSpec[] = [
    { id: '13b', dataset: 'gsm8k', items: 1319, student: { model: '13b', l: 300 }, acc: 23.65, studentSeconds: 14215.12, answerBytes: 800 },
    {
      id: '13b→7b', dataset: 'gsm8k', items: 1319, teacher: { model: '13b', n: 40, batching: { kind: 'static', size: 24 } },
      student: { model: '7b', l: 300 }, acc: 19.18, teacherSeconds: 506.73, studentSeconds: 10364.28, guidanceBytes: 160,
    },
  ];
  const views = cloudEdgeViews(compareWithBaselines(specs.map((s) => metricsOf(s)), specs.map(cellOf)));

  it('gives the paper\'s 0.38 s + 7.86 s = 8.24 s per user, 24 users at once, against 10.78 s alone', () => {
    expect(views).toHaveLength(1);
    const view = views[0]!;
    expect([view.teacherPerItem, view.studentPerItem, view.perUserLatency, view.teacherAlonePerItem].map((v) => v?.toFixed(2))).toEqual(['0.38', '7.86', '8.24', '10.78']);
    expect(view.usersAtOnce).toBe(24);
  });

  it('compares the guidance bytes sent per user with the teacher\'s full answer', () => {
    expect([views[0]?.guidanceBytes, views[0]?.fullAnswerBytes, views[0]?.bytesShare]).toEqual([160, 800, 20]);
  });
});
