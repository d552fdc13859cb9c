// One GKT cell from flags against servers started separately, as a user points gkt at running servers.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulate/server.js';
import { testProfile } from '../simulate/helpers.js';
import { readRecords, ROOT, runCli } from '../helpers/cli.js';

describe('gkt run from flags (one cell, attached servers)', () => {
  let teacher: RunningSimulator;
  let student: RunningSimulator;
  let results: string;

  beforeAll(async () => {
    teacher = await startSimulator(testProfile({ model: 'sim-13b', accuracy: 0.9 }), { port: 0 });
    student = await startSimulator(testProfile({ model: 'sim-7b', accuracy: 0.2 }), { port: 0 });
    results = await mkdtemp(join(tmpdir(), 'gkt-one-cell-'));
  });

  afterAll(async () => {
    await Promise.all([teacher.close(), student.close()]);
    await rm(results, { recursive: true, force: true });
  });

  it('runs the cell and its baselines, recording each item once', async () => {
    const result = await runCli([
      'run', '--dataset', 'gsm8k', '--dataset-path', join(ROOT, 'test/fixtures/simulate/gsm8k.jsonl'),
      '--teacher-url', teacher.url, '--teacher-model', 'sim-13b', '--teacher-kind', 'simulated',
      '--student-url', student.url, '--student-model', 'sim-7b', '--student-kind', 'simulated',
      '--guidance', '20', '--output-length', '80', '--batch', '4', '--limit', '6', '--mode', 'practical',
      '--results', results, '--run-name', 'cell',
    ]);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    const plan = JSON.parse(await readFile(join(results, 'cell', 'plan.json'), 'utf8'));
    // The GKT cell, the student alone, the teacher alone one at a time and in batches of 4.
    expect(plan.cells.map((c: { label: string }) => c.label).sort()).toEqual(
      ['sim-7b alone 80', 'sim-13b alone 80', 'sim-13b alone ×4 80', 'sim-13b→sim-7b 20→80'].sort(),
    );
    for (const file of await readdir(join(results, 'cell', 'cells'))) {
      const items = (await readRecords(join(results, 'cell', 'cells', file))).filter((l) => l.type === 'item');
      expect(items).toHaveLength(6);
      expect(new Set(items.map((i) => i.item)).size).toBe(6);
    }
    const manifest = JSON.parse(await readFile(join(results, 'cell', 'manifest.json'), 'utf8'));
    expect(manifest.mode).toBe('practical');
    expect(manifest.models.teacher).toMatchObject({ model: 'sim-13b', launched: false, served: ['sim-13b'] });
  });

  it('refuses a server that serves another model, naming what it serves', async () => {
    const result = await runCli([
      'run', '--dataset', 'gsm8k', '--dataset-path', join(ROOT, 'test/fixtures/simulate/gsm8k.jsonl'),
      '--student-url', student.url, '--student-model', 'llama-7b', '--limit', '2', '--results', results, '--run-name', 'wrong',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/serves "sim-7b", not "llama-7b"/);
  });
});
