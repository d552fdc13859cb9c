// `gkt report` on a run of one model alone: every figure still drawn, and nothing said but where the files went.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GSM8K, gkt, runSweep, simulatedModel, tempDir } from './e2e-helpers.js';
import type { CliResult } from './e2e-helpers.js';

let work: Awaited<ReturnType<typeof tempDir>>;
let runDir: string;
let cli: CliResult;

beforeAll(async () => {
  work = await tempDir('report-one-cell');
  runDir = await runSweep(work.dir, {
    name: 'one-cell',
    seed: 5,
    cache: false,
    models: { small: simulatedModel('sim-small', 'Small-7B', { accuracy: 0.5 }) },
    datasets: [{ name: 'gsm8k', path: GSM8K, limit: 4, outputLengths: [60] }],
    singles: ['small'],
    requests: { timeoutSeconds: 30, graceSeconds: 5 },
  });
  cli = await gkt(['report', runDir, '-f', 'svg', '-f', 'json'], { cwd: work.dir });
}, 60_000);

afterAll(async () => {
  await work?.remove();
});

describe('gkt report on one model alone', () => {
  it('draws the accuracy-against-time figure with its single point, and no figure warns', async () => {
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stderr).toMatch(/^gkt: report: \d+ files in .*report \(figures, report\.json\)\n$/);
    expect(await readdir(join(runDir, 'report', 'figures'))).toContain('fig-pareto.svg');
  });
});
