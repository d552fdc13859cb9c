// The quick-start sweep run as a user runs it: every item recorded once, a summary, a rerun that asks nothing.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecords, ROOT, runCli, type CliResult } from '../helpers/cli.js';

const RULES = ['reference', 'strict', 'flexible', 'boxed', '####', 'lm-eval-strict', 'lm-eval-flexible'];

describe('gkt run configs/smoke.json', () => {
  let results: string;
  let run: string;
  let first: CliResult;

  beforeAll(async () => {
    results = await mkdtemp(join(tmpdir(), 'gkt-smoke-'));
    run = join(results, 'smoke');
    first = await runCli(['run', 'configs/smoke.json', '--results', results]);
  }, 120_000);

  afterAll(async () => {
    await rm(results, { recursive: true, force: true });
  });

  it('completes and prints the summary with every rule, ACC_teacher, times and tokens', () => {
    expect(first.stderr).not.toMatch(/internal error/);
    expect(first.code).toBe(0);
    for (const column of ['ACC ref', 'ACC strict', 'ACC flex', 'ACC_teacher', 'Teacher s', 'Student s', 'Total s', 'Tokens in/out']) {
      expect(first.stdout).toContain(column);
    }
    expect(first.stdout).toMatch(/SIMULATED/);
    expect(first.stderr).toMatch(/96 requests made/);
  });

  it('writes one record per (pass, item) and per (cell, item), each with what the issue lists', async () => {
    const plan = JSON.parse(await readFile(join(run, 'plan.json'), 'utf8'));
    expect(plan.passes).toHaveLength(2);
    expect(plan.cells).toHaveLength(10);
    for (const pass of plan.passes) {
      const lines = await readRecords(join(run, 'teacher', `${pass.id}.jsonl`));
      expect(lines[0]).toMatchObject({ type: 'pass', pass: { id: pass.id } });
      const records = lines.filter((l) => l.type === 'teacher');
      expect(records.map((r) => r.item).sort()).toEqual([...plan.items[pass.dataset.name]].sort());
      for (const r of records) {
        expect(r.error).toBeNull();
        expect(r.tokens.end.length).toBe(r.completionTokens);
        expect(r.tokens.at.every((at: number | null) => typeof at === 'number')).toBe(true);
        expect(r.promptSha256).toMatch(/^[0-9a-f]{64}$/);
      }
      expect(lines.filter((l) => l.type === 'segment').map((l) => l.event)).toEqual(['start', 'end']);
    }
    for (const cell of plan.cells) {
      const lines = await readRecords(join(run, 'cells', `${cell.id}.jsonl`));
      expect(lines[0]).toMatchObject({ type: 'cell', cell: { id: cell.id } });
      const records = lines.filter((l) => l.type === 'item');
      expect(records.map((r) => r.item).sort()).toEqual([...plan.items[cell.dataset.name]].sort());
      for (const r of records) {
        expect(r.error).toBeNull();
        expect(typeof r.gold).toBe('string');
        expect(r.student.promptSha256).toMatch(/^[0-9a-f]{64}$/);
        expect(r.student.completionTokens).toBeGreaterThan(0);
        expect(r.student.promptTokens).toBeGreaterThan(0);
        expect(r.student.timing.end).toBeGreaterThanOrEqual(r.student.timing.start);
        expect(Object.keys(r.answers).sort()).toEqual([...RULES].sort());
        for (const rule of RULES) expect(r.answers[rule]).toHaveProperty('correct');
        if (cell.kind === 'gkt') {
          expect(r.guidance.tokens).toBeLessThanOrEqual(cell.teacher.guidanceTokens);
          expect(r.guidance.derived).toBe(cell.teacher.guidanceTokens < 40);
          expect(Object.keys(r.teacherAnswers).sort()).toEqual([...RULES].sort());
        } else {
          expect(r.guidance).toBeNull();
          expect(r.teacherAnswers).toBeNull();
        }
      }
    }
  });

  it('keeps a manifest naming code, data, prompts, served models and the session', async () => {
    const manifest = JSON.parse(await readFile(join(run, 'manifest.json'), 'utf8'));
    expect(manifest.gkt.version).toBe(JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version);
    expect(manifest.datasets.gsm8k.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(manifest.prompts)).toHaveLength(2);
    expect(manifest.models['sim-teacher']).toMatchObject({ simulated: true, launched: true, served: ['sim-teacher-13b'], responded: ['sim-teacher-13b'] });
    expect(manifest.sessions).toHaveLength(1);
    expect(manifest.sessions[0]).toMatchObject({ status: 'completed', requests: 96, failures: 0 });
    expect(await readdir(join(run, 'prompts'))).toHaveLength(2);
    expect(await readFile(join(run, 'summary.txt'), 'utf8')).toContain('ACC ref');
  });

  it('reruns with zero requests and without starting a server', async () => {
    const log = join(run, 'servers', 'sim-teacher.log');
    const before = (await stat(log)).size;
    const again = await runCli(['run', 'configs/smoke.json', '--results', results]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/ 0 requests made/);
    expect((await stat(log)).size).toBe(before);
    const manifest = JSON.parse(await readFile(join(run, 'manifest.json'), 'utf8'));
    expect(manifest.sessions.map((s: { status: string; requests: number }) => [s.status, s.requests])).toEqual([
      ['completed', 96],
      ['completed', 0],
    ]);
    const plan = await runCli(['plan', 'configs/smoke.json', '--results', results]);
    expect(plan.stdout).toMatch(/96 of 96 already recorded/);
  }, 60_000);

  it('answers the same cells under another run name from the response cache', async () => {
    const again = await runCli(['run', 'configs/smoke.json', '--results', results, '--run-name', 'smoke-again']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/ 0 requests made/);
    const plan = JSON.parse(await readFile(join(results, 'smoke-again', 'plan.json'), 'utf8'));
    for (const cell of plan.cells) {
      const items = (await readRecords(join(results, 'smoke-again', 'cells', `${cell.id}.jsonl`))).filter((l) => l.type === 'item');
      expect(items).toHaveLength(8);
      expect(items.every((r) => r.student.cached === true)).toBe(true);
    }
    // Cached answers measure no time, and the tables say so.
    expect(again.stdout).toContain('§');
  }, 60_000);
});
