// The chat smoke sweep on simulated servers, end to end: an instruct and a reasoning pair, their records, the report, a rerun.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecords, runCli, type CliResult } from '../helpers/cli.js';

describe('gkt run configs/smoke-chat.json, then gkt report', () => {
  let results: string;
  let run: string;
  let first: CliResult;

  beforeAll(async () => {
    results = await mkdtemp(join(tmpdir(), 'gkt-smoke-chat-'));
    run = join(results, 'smoke-chat');
    first = await runCli(['run', 'configs/smoke-chat.json', '--results', results]);
  }, 120_000);

  afterAll(async () => {
    await rm(results, { recursive: true, force: true });
  });

  it('completes, every rule and the thinking tokens of both roles in the summary', () => {
    expect(first.stderr).not.toMatch(/internal error/);
    expect(first.code).toBe(0);
    for (const column of ['ACC boxed', 'ACC ####', 'ACC lm-strict', 'ACC lm-flex', 'Thinking T/S']) expect(first.stdout).toContain(column);
    expect(first.stdout).toMatch(/SimReasoner-14B→SimReasoner-1\.5B~ +gsm8k .* 20\/\d+ /);
  });

  it('keeps a reasoning model\'s thinking apart from its answer, and scores the answer', async () => {
    const plan = JSON.parse(await readFile(join(run, 'plan.json'), 'utf8'));
    const cell = plan.cells.find((c: any) => c.kind === 'gkt' && c.student.model.name === 'sim-reasoner-1b' && c.dataset.name === 'gsm8k');
    const items = (await readRecords(join(run, 'cells', `${cell.id}.jsonl`))).filter((l) => l.type === 'item');
    expect(items).toHaveLength(8);
    for (const item of items) {
      expect(item.error).toBeNull();
      expect(item.guidance).toMatchObject({ segment: 'thinking', tokens: 20, thinkingTokens: 20 });
      const { thinking, answer, text } = item.student;
      expect(thinking.text.startsWith(item.guidance.text)).toBe(true);
      expect(thinking.tokens).toBeGreaterThan(0);
      expect(thinking.tokens).toBeLessThanOrEqual(40);
      expect(['closed', 'budget']).toContain(thinking.end);
      expect(text.endsWith(answer.trimStart())).toBe(true);
      expect(answer).not.toContain('</think>');
    }
    const pass = plan.passes.find((p: any) => p.model.name === 'sim-reasoner-14b' && p.dataset.name === 'gsm8k');
    const teacher = (await readRecords(join(run, 'teacher', `${pass.id}.jsonl`))).filter((l) => l.type === 'teacher');
    for (const record of teacher) expect(record).toMatchObject({ text: '', thinking: { tokens: 20, end: 'open' } });
  });

  it('reports thinking tokens per role and every rule beside the headline', async () => {
    const report = await runCli(['report', run, '-f', 'json']);
    expect(report.code).toBe(0);
    const json = JSON.parse(await readFile(join(run, 'report', 'report.json'), 'utf8'));
    const reasoning = json.metrics.find((m: any) => m.label.startsWith('SimReasoner-14B→') && m.dataset === 'gsm8k');
    expect(reasoning.chat).toBe(true);
    expect(reasoning.roles.teacher.thinkingTokens).toMatchObject({ sum: 160, mean: 20, reported: 8 });
    expect(reasoning.roles.student.thinkingTokens.reported).toBe(8);
    const instruct = json.metrics.find((m: any) => m.label.startsWith('SimInstruct-13B→') && m.dataset === 'gsm8k');
    expect(instruct.roles.student.thinkingTokens).toBeNull();
    const table2 = json.tables.find((t: any) => t.id === 'table-2');
    expect(table2.columns.map((c: any) => c.key)).toEqual(expect.arrayContaining(['acc-boxed', 'acc-####', 'acc-lm-eval-strict', 'acc-lm-eval-flexible']));
  });

  it('resumes with nothing left to ask', async () => {
    const again = await runCli(['run', 'configs/smoke-chat.json', '--results', results]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/0 requests made/);
  });
});
