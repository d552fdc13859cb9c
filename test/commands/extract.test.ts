// `gkt extract` through the real CLI entry point, with stdin fed and stdout/stderr captured.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { createRng, randomInt } from '../../src/util/rng.js';
import type { CommandContext } from '../../src/commands/context.js';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString('utf8');
    callback();
  }
}

let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'gkt-extract-'));
});

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function gkt(args: string[], stdin: string): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const context: CommandContext = {
    stdin: Readable.from([Buffer.from(stdin, 'utf8')]),
    stdout,
    stderr,
    cwd,
    env: {},
    signal: new AbortController().signal,
  };
  const code = await main(['extract', ...args], context);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('gkt extract, text output', () => {
  it('prints each rule\'s answer, what fired, what matched and the fallback, with the assumed prompt said', async () => {
    const run = await gkt(['--dataset', 'gsm8k'], 'He pays $1,234.50 in total. The answer is $1,234.50.\n');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('gsm8k, 8 shots, fallback seed 0');
    expect(run.stdout).toMatch(/prompt: assumed, the first 8 exemplars of .*prompts\/gsm8k\.reference\.txt/);
    expect(run.stdout).toContain(
      ['reference: 50', '  fired: last-integer', '  matched: "50"', '  random fallback: no'].join('\n'),
    );
    expect(run.stdout).toContain(
      ['strict: 1234.5', '  fired: answer-is', '  matched: "The answer is $1,234.50"', '  random fallback: no'].join('\n'),
    );
    expect(run.stdout).toContain('flexible: 1234.5');
    expect(run.stdout).not.toContain('correct:');
  });

  it('says whether each answer is correct with --gold', async () => {
    const run = await gkt(['--dataset', 'gsm8k', '--gold', '1234.5'], 'The answer is $1,234.50.');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(['reference: 50', '  fired: last-integer', '  matched: "50"', '  random fallback: no', '  correct: no (gold 1234.5)'].join('\n'));
    expect(run.stdout).toContain('  correct: yes (gold 1234.5)');
  });

  it('says "no answer" and a seeded fallback for a completion without one', async () => {
    const run = await gkt(['--dataset', 'csqa', '--seed', '4'], 'I am not sure.');
    const letter = ['A', 'B', 'C', 'D'][randomInt(createRng(4), 0, 3)];
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('csqa, 7 shots, fallback seed 4');
    expect(run.stdout).toContain([`reference: ${letter}`, '  fired: random-fallback', '  matched: nothing', '  random fallback: yes'].join('\n'));
    expect(run.stdout).toContain(['strict: no answer', '  fired: none', '  matched: nothing', '  random fallback: no'].join('\n'));
  });
});

describe('gkt extract --json', () => {
  it('prints one JSON object with every rule and its correctness', async () => {
    const run = await gkt(['--dataset', 'csqa', '--gold', 'b', '--json'], 'The answer is a bank, so (B).');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const view = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(view).toMatchObject({ dataset: 'csqa', shots: 7, seed: 0, gold: 'B', prompt: { kind: 'assumed' } });
    expect(view.rules).toMatchObject({
      strict: { rule: 'strict', answer: null, fired: 'none', matched: null, fallback: false, correct: false },
      flexible: { rule: 'flexible', answer: 'B', fired: 'last-choice', matched: '(B)', fallback: false, correct: true },
      reference: { rule: 'reference', fired: 'random-fallback', fallback: true },
    });
  });

  it('reads the real prompt from --prompt, relative to the working directory, with --shots', async () => {
    await writeFile(join(cwd, 'prompt.txt'), 'Q: How many?\nA: One more. The answer is 6.\n\n Q: And now?\nA: ');
    const run = await gkt(['--dataset', 'gsm8k', '--prompt', 'prompt.txt', '--shots', '1', '--json'], 'The answer is 4. The answer is 9.');
    expect(run.code).toBe(0);
    const view = JSON.parse(run.stdout) as { prompt: { kind: string; path: string }; rules: Record<string, { answer: string; fired: string }> };
    expect(view.prompt).toEqual({ kind: 'file', path: join(cwd, 'prompt.txt') });
    expect(view.rules.reference).toMatchObject({ answer: '4', fired: 'first-integer' });
  });

  it('gives the same fallback for the same seed', async () => {
    await writeFile(join(cwd, 'empty.txt'), 'Q: Which?\nA: ');
    const a = await gkt(['--dataset', 'gsm8k', '--seed', '21', '--json', '--shots', '0', '--prompt', 'empty.txt'], 'unknown');
    const b = await gkt(['--dataset', 'gsm8k', '--seed', '21', '--json', '--shots', '0', '--prompt', 'empty.txt'], 'unknown');
    const answer = (JSON.parse(a.stdout) as { rules: { reference: { answer: string; fallback: boolean } } }).rules.reference;
    expect(answer).toEqual(expect.objectContaining({ answer: String(randomInt(createRng(21), 0, 100)), fallback: true }));
    expect(b.stdout).toBe(a.stdout);
  });
});

describe('gkt extract errors', () => {
  it.each([
    ['empty stdin', ['--dataset', 'gsm8k'], '', /^gkt: stdin: no completion to read/],
    ['blank stdin', ['--dataset', 'csqa'], ' \n\n', /^gkt: stdin: no completion to read/],
    ['an unreadable prompt file', ['--dataset', 'gsm8k', '--prompt', 'missing/prompt.txt'], 'The answer is 5.', /^gkt: missing\/prompt\.txt: cannot read the prompt file \(ENOENT\)/],
    ['more shots than the reference prompt holds', ['--dataset', 'gsm8k', '--shots', '9'], 'The answer is 5.', /^gkt: --shots 9: .*gsm8k\.reference\.txt holds only 8 exemplars/],
    ['a gsm8k gold that is not a number', ['--dataset', 'gsm8k', '--gold', 'five'], 'The answer is 5.', /^gkt: --gold "five": a gsm8k gold answer must be a number/],
    ['a csqa gold that is not a choice', ['--dataset', 'csqa', '--gold', 'F'], 'The answer is B.', /^gkt: --gold "F": a csqa gold answer must be one of the letters A–E/],
  ])('%s: exit 2 and one line', async (_name, args, stdin, message) => {
    const run = await gkt(args, stdin);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('refuses a missing --dataset with exit 2', async () => {
    const run = await gkt([], 'The answer is 5.');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--dataset');
  });
});
