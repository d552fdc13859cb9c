// The methods in a config: what each expands to in the plan, and what the config check refuses.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { resolveSweep } from '../../src/config/resolve.js';
import { estimatePlan } from '../../src/plan/estimate.js';
import { expandPlan } from '../../src/plan/expand.js';
import { cellModels } from '../../src/plan/methods.js';
import type { Cell, Plan } from '../../src/plan/types.js';

type Json = Record<string, any>;

const models = {
  t: { kind: 'vllm', url: 'http://127.0.0.1:9001/v1', model: 'big', label: 'T' },
  s: { kind: 'vllm', url: 'http://127.0.0.1:9002/v1', model: 'small', label: 'S' },
};

function base(pair: Json = {}, extra: Json = {}): Json {
  return { name: 'm', models, datasets: [{ name: 'gsm8k', outputLengths: [100] }], pairs: [{ teacher: 't', student: 's', guidance: [20], ...pair }], ...extra };
}

function planOf(config: Json): Plan {
  const parsed = parseConfig(JSON.stringify(config), 'configs/m.json', {});
  const sweep = resolveSweep(parsed, { baseDir: 'configs', env: {}, datasetsDir: 'datasets', resultsDir: 'results' });
  return expandPlan({
    sweep,
    datasets: { gsm8k: { sha256: 'g'.repeat(64), itemIds: ['a', 'b', 'c'] } },
    prompt: (_dataset, shots) => ({ format: 'reference', shots, sha256: '0'.repeat(64) }),
  });
}

function problems(config: Json): string[] {
  try {
    parseConfig(JSON.stringify(config), 'configs/m.json', {});
    return [];
  } catch (error) {
    return (error as Error).message.split('\n').map((line) => line.replace(/^configs\/m\.json: /, ''));
  }
}

const find = (plan: Plan, kind: string): Cell[] => plan.cells.filter((c) => c.kind === kind);

describe('methods in the plan', () => {
  it('keeps every id of a config without methods, and makes prefix(N) the GKT cell of guidance N', () => {
    const plain = planOf(base({ guidance: [20, 40] }));
    const prefixed = planOf(base({ handoffs: [{ policy: 'prefix', teacherTokens: 40 }] }));
    expect(prefixed.cells.map((c) => c.id).sort()).toEqual(plain.cells.map((c) => c.id).sort());
    expect(prefixed.passes.map((p) => p.id)).toEqual(plain.passes.map((p) => p.id));
  });

  it('expands hand-offs and cascades per output length, with both models and their decoding', () => {
    const plan = planOf(base({
      outputLengths: [100, 200],
      handoffs: [{ policy: 'per-step', teacherTokens: 8 }, { policy: 'confidence', threshold: -1.5, teacherTokens: 8 }],
      cascades: [{ samples: 3, escalate: 'disagree' }],
    }, { sampling: { teacher: 'greedy', baseline: { temperature: 0.7, topP: 0.9 } } }));
    expect(find(plan, 'handoff').map((c) => c.label).sort()).toEqual(
      ['T→S confidence(-1.5, 8)→100', 'T→S confidence(-1.5, 8)→200', 'T→S per-step(8)→100', 'T→S per-step(8)→200'],
    );
    const perStep = find(plan, 'handoff').find((c) => c.label === 'T→S per-step(8)→100')!;
    expect(perStep.teacher).toBeNull();
    expect(perStep.method).toMatchObject({ kind: 'handoff', teacher: { model: { name: 't' }, sampling: { temperature: 0 } }, policy: { name: 'per-step', stepEnds: ['\n', '. '] }, maxHandoffs: 32 });
    const cascade = find(plan, 'cascade')[0]!;
    expect(cascade.method).toMatchObject({ kind: 'cascade', samples: 3, escalate: 'disagree', rule: 'flexible', teacher: { sampling: { temperature: 0.7 } } });
    expect(cascade.student.sampling).toEqual({ temperature: 0.7, topP: 0.9 });
    expect(cellModels(cascade)).toEqual(['s', 't']);
  });

  it('points each router at the cells it reads, and asks the student alone for log-probabilities only when a router needs them', () => {
    const without = planOf(base({ routers: [{ router: 'oracle' }] }));
    const single = (plan: Plan, name: string) => plan.cells.find((c) => c.kind === 'single' && c.student.model.name === name && c.student.batching.kind === 'serial')!;
    expect(single(without, 's').student.logprobs).toBeUndefined();
    expect(single(without, 's').id).toBe(single(planOf(base()), 's').id);
    const plan = planOf(base({
      cascades: [{ samples: 4, escalate: 'disagree' }],
      routers: [{ router: 'threshold', signal: 'logprob', threshold: -1 }, { router: 'threshold', signal: 'agreement', threshold: 0.75, samples: 4 }],
    }));
    const student = single(plan, 's');
    expect(student.student.logprobs).toBe(true);
    const [logprob, agreement] = find(plan, 'route');
    expect(logprob!.method).toMatchObject({ sources: { student: student.id, teacher: single(plan, 't').id, samples: null } });
    expect(agreement!.method).toMatchObject({ sources: { samples: find(plan, 'cascade')[0]!.id }, samples: 4 });
    expect(cellModels(logprob!)).toEqual([]);
    // Routers read the two models alone one request at a time, which the plan keeps even with baselines off.
    const off = planOf(base({ routers: [{ router: 'random', rate: 0.2 }] }, { baselines: { studentAlone: false, teacherAlone: false, teacherAloneBatched: false } }));
    expect(off.cells.filter((c) => c.kind === 'single').map((c) => c.label).sort()).toEqual(['S alone 100', 'T alone 100']);
  });

  it('runs a teacher served with a draft beside the teacher alone, its draft part of its id', () => {
    const config = base({}, {
      models: { ...models, 'tspec': { ...models.t, url: 'http://127.0.0.1:9003/v1', label: 'T+draft', speculative: { teacher: 't', draft: 'tiny', draftTokens: 3 } } },
    });
    const plan = planOf(config);
    const spec = plan.cells.find((c) => c.student.model.name === 'tspec')!;
    expect(spec).toMatchObject({ kind: 'single', label: 'T+draft alone 100', student: { model: { speculative: { teacher: 't', draft: 'tiny', draftTokens: 3 } }, batching: { kind: 'serial' } } });
    const other = planOf({ ...config, models: { ...config.models, tspec: { ...config.models.tspec, speculative: { teacher: 't', draft: 'tiny', draftTokens: 5 } } } });
    expect(other.cells.find((c) => c.student.model.name === 'tspec')!.id).not.toBe(spec.id);
  });

  it('estimates each method: a hand-off and a cascade at most, a router nothing', () => {
    const plan = planOf(base({
      handoffs: [{ policy: 'per-step', teacherTokens: 8, maxHandoffs: 4 }, { policy: 'confidence', threshold: -1, teacherTokens: 8, window: 25, maxHandoffs: 4 }],
      cascades: [{ samples: 3, escalate: 'disagree' }],
      routers: [{ router: 'oracle' }],
    }));
    const estimates = estimatePlan(plan, () => 400);
    const of = (label: string) => estimates.get(plan.cells.find((c) => c.label.includes(label))!.id)!;
    // Per-step: five turns at most (T S T S T), each teacher turn up to two requests.
    expect(of('per-step')).toMatchObject({ requests: 3 * 8, bound: 'at-most', roles: { teacher: 3 * 6, student: 3 * 2 }, maxOutputTokens: 300 });
    // Confidence: the student writes first (S T S T S), a request per window of 25 besides.
    expect(of('confidence')).toMatchObject({ bound: 'at-most', roles: { teacher: 3 * 2, student: 3 * (3 + 4) } });
    expect(of('cascade')).toMatchObject({ requests: 3 * 4, roles: { teacher: 3, student: 9 }, maxOutputTokens: 3 * 4 * 100 });
    expect(of('route')).toMatchObject({ requests: 0, promptTokens: 0, bound: 'none' });
  });
});

describe('the config check of methods', () => {
  it.each([
    [{ cascades: [{ samples: 1, escalate: 'disagree' }] }, '$.pairs[0].cascades[0].samples: disagree compares samples: give 2 or more'],
    [{ cascades: [{ samples: 2, escalate: 'confidence' }] }, '$.pairs[0].cascades[0].threshold: is required to escalate on confidence'],
    [{ cascades: [{ samples: 2, escalate: 'disagree', threshold: -1 }] }, '$.pairs[0].cascades[0].threshold: only with escalate "confidence" or "either"'],
    [
      { routers: [{ router: 'threshold', signal: 'agreement', threshold: 1, samples: 3 }] },
      '$.pairs[0].routers[0]: the agreement signal counts the samples of a cascade of this pair: add one with samples 3 and rule "flexible" to $.pairs[0].cascades',
    ],
  ])('refuses %j', (pair, message) => {
    expect(problems(base(pair))).toContain(message);
  });

  it('refuses samples under greedy decoding, and signals a server cannot give', () => {
    const greedy = problems(base({ cascades: [{ samples: 3, escalate: 'disagree' }] }, { sampling: { baseline: 'greedy' } }));
    expect(greedy).toContain('$.pairs[0].cascades[0].samples: under greedy decoding the student\'s 3 samples are all alike: give it a temperature above 0 (its sampling, or sampling.baseline)');
    const tgi = problems({ ...base({ handoffs: [{ policy: 'confidence', threshold: -1, teacherTokens: 4 }], routers: [{ router: 'threshold', signal: 'length', threshold: 9 }] }), models: { ...models, s: { ...models.s, kind: 'tgi' } } });
    expect(tgi).toContain('$.pairs[0].handoffs[0]: the confidence policy reads the student\'s token log-probabilities, which a tgi server does not report');
    expect(tgi).toContain('$.pairs[0].routers[0].signal: length is read from the student\'s token log-probabilities and boundaries, which a tgi server does not report');
  });

  it('refuses a speculative entry naming models that are not there', () => {
    const config = base({}, { models: { ...models, x: { ...models.t, speculative: { teacher: 'nope', draftServer: 'x' } } } });
    expect(problems(config)).toEqual(expect.arrayContaining([
      expect.stringContaining('$.models.x.speculative.teacher: no model "nope" in $.models'),
      expect.stringContaining('$.models.x.speculative.draftServer: names this model itself'),
    ]));
  });

  it('accepts the shipped methods configs', async () => {
    for (const file of ['configs/methods-gsm8k.json', 'configs/methods-llamacpp.json']) {
      const text = await readFile(file, 'utf8');
      expect(() => parseConfig(text, file, {})).not.toThrow();
    }
  });
});
