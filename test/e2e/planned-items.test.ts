// Phase times stand for the planned items only, and a run folder holds one config's sweep unless asked.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import type { FakeRequest } from '../helpers/fake-openai.js';
import { fakeWorkspace } from '../helpers/fake-workspace.js';
import { answer, splitTokens } from '../helpers/fake-replies.js';
import { GSM8K_MINI, type Workspace } from '../reliability/helpers.js';

const env = fakeWorkspace();

function setUp(): Promise<Workspace> {
  const server = { model: 'm', answer: (r: FakeRequest) => answer(' The answer is 5.', { usage: { prompt: splitTokens(String(r.body.prompt)).length, completion: 5 }, chunkDelayMs: 2 }) };
  return env.start(server, (url) => ({
    name: 'subset',
    models: { teacher: { kind: 'vllm', url, model: 'm', batch: 2 }, student: { kind: 'vllm', url, model: 'm' } },
    datasets: [{ name: 'gsm8k', path: GSM8K_MINI }],
    pairs: [{ teacher: 'teacher', student: 'student' }],
    guidance: [4],
    outputLengths: [8],
    baselines: { studentAlone: true, teacherAlone: false, teacherAloneBatched: false },
    cache: false,
  }));
}

async function report(ws: Workspace, out: string) {
  const cli = await runCli(['report', ws.run('subset'), '-f', 'json', '-o', join(ws.dir, out)]);
  expect(cli.code, cli.stderr).toBe(0);
  return JSON.parse(await readFile(join(ws.dir, out, 'report.json'), 'utf8')) as { metrics: Array<{ label: string; items: { planned: number }; time: { teacher: { seconds: number | null } | null; student: { seconds: number | null } } }>; warnings: string[] };
}

describe('phase times over the planned items', () => {
  it('are not shown for a plan of fewer items than the sessions that timed the phase, and say why', async () => {
    const ws = await setUp();
    expect((await runCli(['run', ws.config, '--results', ws.results, '--limit', '6'])).code).toBe(0);
    const small = await runCli(['run', ws.config, '--results', ws.results, '--limit', '3']);
    expect(small.code, small.stderr).toBe(0);
    expect(small.stderr).toMatch(/ 0 requests made/);
    expect(small.stdout).toMatch(/times not shown for 2 of 2 cells: its time was measured over 3 more request\(s\) for items outside the plan/);
    const { metrics, warnings } = await report(ws, 'out');
    expect(metrics.length).toBe(2);
    for (const m of metrics) {
      expect(m.items.planned).toBe(3);
      expect(m.time.student.seconds).toBeNull();
      if (m.time.teacher !== null) expect(m.time.teacher.seconds).toBeNull();
    }
    expect(warnings).toContainEqual(expect.stringMatching(/student time not shown: its time was measured over 3 more request\(s\) for items outside the plan/));
    expect(warnings).toContainEqual(expect.stringMatching(/teacher time not shown: its time was measured over 3 more request\(s\)/));
  });

  it('are shown when a larger plan grows from a smaller one: every session timed planned items only', async () => {
    const ws = await setUp();
    expect((await runCli(['run', ws.config, '--results', ws.results, '--limit', '3'])).code).toBe(0);
    expect((await runCli(['run', ws.config, '--results', ws.results, '--limit', '6'])).code).toBe(0);
    const { metrics, warnings } = await report(ws, 'out');
    for (const m of metrics) {
      expect(m.items.planned).toBe(6);
      expect(m.time.student.seconds).toBeGreaterThan(0);
    }
    expect(warnings.filter((w) => /not shown/.test(w))).toEqual([]);
  });
});

describe('a run folder holding another config’s sweep', () => {
  it('is refused before anything is written, unless --join-run asks for it', async () => {
    const ws = await setUp();
    expect((await runCli(['run', ws.config, '--results', ws.results, '--limit', '2'])).code).toBe(0);
    const manifestBefore = await readFile(join(ws.run('subset'), 'manifest.json'), 'utf8');
    const other = JSON.parse(await readFile(ws.config, 'utf8')) as Record<string, unknown>;
    other.name = 'another';
    other.outputLengths = [16];
    const otherPath = join(ws.dir, 'other.json');
    await writeFile(otherPath, JSON.stringify(other));
    const refused = await runCli(['run', otherPath, '--results', ws.results, '--run-name', 'subset', '--limit', '2']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`gkt: ${ws.run('subset')}: holds the sweep "subset" (${ws.config}), not "another" (${otherPath})`);
    expect(refused.stderr).toMatch(/--join-run/);
    expect(await readFile(join(ws.run('subset'), 'manifest.json'), 'utf8')).toBe(manifestBefore);

    // The same sweep from a config moved elsewhere and edited (a sweep grows so) is the same sweep.
    const moved = join(ws.dir, 'moved.json');
    await writeFile(moved, JSON.stringify({ ...JSON.parse(await readFile(ws.config, 'utf8')), outputLengths: [8, 12] }));
    expect((await runCli(['run', moved, '--results', ws.results, '--limit', '2'])).code).toBe(0);

    // One-cell flags under the run's name: a different cell is another sweep.
    const flags = ['--dataset', 'gsm8k', '--dataset-path', GSM8K_MINI, '--student-url', env.fake.url, '--student-model', 'm', '--student-kind', 'vllm', '--limit', '2', '--results', ws.results, '--run-name', 'cell'];
    const cell = await runCli(['run', ...flags, '--output-length', '8']);
    expect(cell.code, cell.stderr).toBe(0);
    const again = await runCli(['run', ...flags, '--output-length', '8']);
    expect(again.code, again.stderr).toBe(0);
    const otherCell = await runCli(['run', ...flags, '--output-length', '16']);
    expect(otherCell.code).toBe(2);
    expect(otherCell.stderr).toMatch(/holds another sweep made from command-line flags/);

    const joined = await runCli(['run', otherPath, '--results', ws.results, '--run-name', 'subset', '--limit', '2', '--join-run']);
    expect(joined.code, joined.stderr).toBe(0);
  });
});
