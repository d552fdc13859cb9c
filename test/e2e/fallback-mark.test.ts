// A reference-rule accuracy that is mostly random draws is marked wherever it is shown, and says which rule to read.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { fakeWorkspace } from '../helpers/fake-workspace.js';
import { answer, splitTokens } from '../helpers/fake-replies.js';

const env = fakeWorkspace();

describe('CSQA answers written as (X)', () => {
  it('mark the reference ACC in the summary and the report, not the strict one, with the rule to read instead', async () => {
    // As LLaMA, Vicuna and davinci write them: "(b)", which the reference rule's capital-letter pattern never reads.
    const space = await env.start({ model: 'm', answer: (r) => answer(' The answer is (b).\n', { usage: { prompt: splitTokens(String(r.body.prompt)).length, completion: 6 } }) }, (url) => ({
      name: 'csqa',
      models: { student: { kind: 'vllm', url, model: 'm' } },
      datasets: [{ name: 'csqa', path: join(ROOT, 'datasets', 'fixtures', 'csqa-mini.jsonl') }],
      singles: ['student'],
      outputLengths: [8],
      cache: false,
    }));
    const run = await runCli(['run', space.config, '--results', space.results]);
    expect(run.code, run.stderr).toBe(0);
    const row = run.stdout.split('\n').find((l) => l.startsWith('student'))!;
    // ACC ref carries the mark; ACC strict does not.
    expect(row).toMatch(/^student +csqa +8 +\d+\/\d+ +\d+\.\d\d\? +\d+\.\d\d +/);
    expect(run.stdout).toMatch(/\? the reference rule read no answer and drew a random letter for over 20% of the items .*read strict or flexible instead/);

    const out = join(space.dir, 'out');
    const report = await runCli(['report', space.run('csqa'), '-f', 'markdown', '-o', out]);
    expect(report.code, report.stderr).toBe(0);
    const markdown = await readFile(join(out, 'report.md'), 'utf8');
    expect(markdown).toMatch(/\d+\.\d\d\?/);
    expect(markdown).toMatch(/read strict or flexible instead/);
  });
});
