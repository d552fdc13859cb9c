import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { resolveSweep } from '../../src/config/resolve.js';
import type { DatasetName } from '../../src/vocabulary.js';
import { expandPlan } from '../../src/plan/expand.js';
import type { Plan } from '../../src/plan/types.js';

const env = { OPENAI_API_KEY: 'sk-test' };

async function planOf(configFile: string, overrides: Parameters<typeof resolveSweep>[2] = {}): Promise<Plan> {
  const path = join('configs', configFile);
  const config = parseConfig(await readFile(path, 'utf8'), path, env);
  return planFromConfig(config, overrides);
}

function planFromConfig(config: ReturnType<typeof parseConfig>, overrides: Parameters<typeof resolveSweep>[2] = {}): Plan {
  const sweep = resolveSweep(config, { baseDir: 'configs', env, datasetsDir: 'datasets', resultsDir: 'results' }, overrides);
  const ids = (n: number, d: DatasetName) => Array.from({ length: n }, (_, i) => `${d}-${i}`);
  return expandPlan({
    sweep,
    datasets: { gsm8k: { sha256: 'g'.repeat(64), itemIds: ids(5, 'gsm8k') }, csqa: { sha256: 'c'.repeat(64), itemIds: ids(4, 'csqa') } },
    prompt: (dataset, shots) => ({ format: 'reference', shots, sha256: `${dataset}-${shots}`.padEnd(64, '0') }),
  });
}

const labels = (plan: Plan, kind?: string) => plan.cells.filter((c) => !kind || c.kind === kind).map((c) => c.label).sort();

describe('expandPlan', () => {
  it('expands the smoke sweep: one shared teacher pass per dataset, GKT cells, and the baselines', async () => {
    const plan = await planOf('smoke.json');
    expect(plan.passes).toHaveLength(2);
    expect(plan.passes.every((p) => p.boundaries === 'tokens' && p.maxTokens === 40 && p.serves.join() === '10,40')).toBe(true);
    expect(labels(plan)).toEqual(
      [
        'SimStudent-7B alone 120', 'SimStudent-7B alone 60',
        'SimTeacher-13B alone 120', 'SimTeacher-13B alone 60', 'SimTeacher-13B alone ×8 120', 'SimTeacher-13B alone ×8 60',
        'SimTeacher-13B→SimStudent-7B 10→120', 'SimTeacher-13B→SimStudent-7B 10→60',
        'SimTeacher-13B→SimStudent-7B 40→120', 'SimTeacher-13B→SimStudent-7B 40→60',
      ].sort(),
    );
    expect(plan.items).toEqual({ gsm8k: ['gsm8k-0', 'gsm8k-1', 'gsm8k-2', 'gsm8k-3', 'gsm8k-4'], csqa: ['csqa-0', 'csqa-1', 'csqa-2', 'csqa-3'] });
  });

  it('derives ids from content: the same config gives the same ids, any change a new id', async () => {
    const a = await planOf('smoke.json');
    const b = await planOf('smoke.json');
    expect(a.cells.map((c) => c.id)).toEqual(b.cells.map((c) => c.id));
    expect(a.passes.map((p) => p.id)).toEqual(b.passes.map((p) => p.id));
    const reseeded = await planOf('smoke.json', { seed: 7 });
    expect(new Set(reseeded.cells.map((c) => c.id)).size).toBe(a.cells.length);
    for (const cell of reseeded.cells) expect(a.cells.some((c) => c.id === cell.id)).toBe(false);
    // Items are not part of a cell's identity: a larger selection extends the same cells.
    const limited = await planOf('smoke.json', { limit: 2 });
    expect(limited.cells.map((c) => c.id)).toEqual(a.cells.map((c) => c.id));
  });

  it('one teacher pass serves every guidance length; --separate-teacher-passes makes one per length', async () => {
    const shared = await planOf('paper-gsm8k.json');
    const cutoff13b = shared.passes.filter((p) => p.model.name === 'llama2-13b' && p.projection === 'cutoff');
    expect(cutoff13b.map((p) => p.serves.join('/'))).toEqual(['10/20/30/40']);
    const separate = await planOf('paper-gsm8k.json', { separateTeacherPasses: true });
    const exact = separate.passes.filter((p) => p.model.name === 'llama2-13b' && p.projection === 'cutoff');
    expect(exact.map((p) => `${p.maxTokens}:${p.boundaries}`).sort()).toEqual(['10:exact', '20:exact', '30:exact', '40:exact']);
  });

  it('a teacher whose server cannot report token boundaries gets one pass per length', async () => {
    const plan = await planOf('paper-gsm8k.json');
    const t5 = plan.passes.filter((p) => p.model.name === 'flan-t5-xl');
    expect(t5.every((p) => p.boundaries === 'exact')).toBe(true);
  });

  it("has the paper's GSM8K GKT cells (Tables 2–5)", async () => {
    const gkt = labels(await planOf('paper-gsm8k.json'), 'gkt');
    for (const label of [
      'Llama2-13B→Llama2-7B 30→200', 'Llama2-13B→Llama2-7B 30→300', 'Llama2-13B→Llama2-7B 40→300',
      'Llama2-13B→Llama2-7B 40(concise)→300', 'Llama2-13B→Llama2-7B 40(hint)→300',
      'Llama2-13B→Llama2-7B 10→300', 'Llama2-13B→Llama2-7B 20→300',
      'Llama2-70B→Llama2-7B 40→300', 'Llama2-70B→Llama2-13B 40→300', 'Bloom-7B→Bloom-3B 40→300',
      'Llama2-7B→Bloom-3B 40→300', 'Llama2-13B→Bloom-3B 40→300', 'Llama2-13B→Bloom-7B 40→300',
      'Flan-t5-xl→Flan-t5-large 40→300', 'Llama2-13B→Flan-t5-large 40→300', 'Llama2-7B→Flan-t5-large 40→300',
    ]) {
      expect(gkt).toContain(label);
    }
  });

  it('runs a model that is both a student and a teacher alone only once per length', async () => {
    const plan = await planOf('paper-gsm8k.json');
    const singles = plan.cells.filter((c) => c.kind === 'single');
    const keys = singles.map((c) => `${c.student.model.name}|${c.student.maxTokens}|${JSON.stringify(c.student.batching)}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Llama2-7B is a student (13B→7B) and a teacher (7B→Bloom-3B): alone, one at a time, once at 300.
    expect(singles.filter((c) => c.student.model.name === 'llama2-7b' && c.student.maxTokens === 300 && c.student.batching.kind === 'serial')).toHaveLength(1);
    // Teachers also run alone in batches of B (paper Table 8: 24 for Llama2-13B).
    expect(singles.some((c) => c.label === 'Llama2-13B alone ×24 300')).toBe(true);
    // Students that never teach are not run batched.
    expect(singles.some((c) => c.student.model.name === 'bloom-3b' && c.student.batching.kind !== 'serial')).toBe(false);
  });

  it('repeats multiply cells with seeds seed, seed+1, …', async () => {
    const config = parseConfig(await readFile('configs/smoke.json', 'utf8'), 'smoke.json', env);
    const plan = planFromConfig({ ...config, repeats: 3 });
    const gkt = plan.cells.filter((c) => c.kind === 'gkt');
    expect(new Set(gkt.map((c) => c.seed))).toEqual(new Set([1, 2, 3]));
    expect(gkt.filter((c) => c.label.endsWith('[r2]'))).toHaveLength(4);
  });

  it('sweeps shots (paper Fig. 5) with one prompt per count', async () => {
    const plan = await planOf('paper-shots.json');
    const gsm = plan.cells.filter((c) => c.dataset.name === 'gsm8k' && c.kind === 'gkt');
    expect(gsm.map((c) => c.prompt.shots).sort((a, b) => a - b)).toEqual([1, 2, 4, 6, 8]);
  });

  it('expands every shipped config', async () => {
    for (const file of ['smoke.json', 'paper-gsm8k.json', 'paper-csqa.json', 'paper-gsm8k-api-teacher.json', 'paper-shots.json']) {
      const plan = await planOf(file);
      expect(plan.cells.length, file).toBeGreaterThan(0);
      for (const cell of plan.cells.filter((c) => c.teacher)) expect(plan.passes.some((p) => p.id === cell.teacher!.pass)).toBe(true);
    }
  });
});
