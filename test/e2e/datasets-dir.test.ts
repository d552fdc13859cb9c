// `gkt run` and `gkt plan` read datasets without a path from --datasets-dir, where `gkt datasets fetch --dir` puts them.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

let dir: string | null = null;
afterEach(async () => {
  if (dir !== null) await rm(dir, { recursive: true, force: true });
  dir = null;
});

describe('--datasets-dir', () => {
  it('is where a dataset without a path is read, in the layout datasets fetch writes', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gkt-datasets-dir-'));
    await mkdir(join(dir, 'data', 'gsm8k'), { recursive: true });
    await cp(join(ROOT, 'datasets', 'fixtures', 'gsm8k-mini.jsonl'), join(dir, 'data', 'gsm8k', 'test.jsonl'));
    const config = join(dir, 'config.json');
    await writeFile(
      config,
      JSON.stringify({
        name: 'dd',
        models: { student: { kind: 'simulated', model: 'sim', contextLength: 4096, launch: { simulate: {} } } },
        datasets: [{ name: 'gsm8k' }],
        singles: ['student'],
        outputLengths: [8],
      }),
    );
    const plan = await runCli(['plan', config, '--results', join(dir, 'results'), '--datasets-dir', join(dir, 'data')]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`datasets: gsm8k 8 of 8 items (${join(dir, 'data', 'gsm8k', 'test.jsonl')})`);
  });
});
