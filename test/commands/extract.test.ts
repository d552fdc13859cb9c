// `gkt extract` as a user runs it: the CLI's entry called with the completion on its stdin.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, randomInt } from '../../src/util/rng.js';
import { runCli, type CliResult } from '../helpers/cli.js';

let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'gkt-extract-'));
});

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function gkt(args: string[], completion: string): Promise<CliResult> {
  return runCli(['extract', ...args], { cwd, input: completion });
}

interface RuleView {
  answer: string | null;
  fired: string;
  matched: string | null;
  fallback: boolean;
  correct?: boolean;
}

interface View {
  dataset: string;
  shots: number;
  seed: number;
  gold: string | null;
  prompt: { kind: string; path: string };
  answerBlock: { chars: number; cutAt: number | null };
  notes: string[];
  rules: Record<'reference' | 'strict' | 'flexible', RuleView>;
}

async function json(args: string[], completion: string): Promise<View> {
  const run = await gkt([...args, '--json'], completion);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const lines = run.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as View;
}

/** Runs a few at a time: enough to keep the file quick, few enough for a small shared machine. */
async function inBatches<T, R>(items: T[], run: (item: T) => Promise<R>, size = 4): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return out;
}

describe('gkt extract, text output', () => {
  it('names each rule, its answer, how it got there and what it matched, and scores against --gold', async () => {
    const run = await gkt(['--dataset', 'gsm8k', '--gold', '1234.5'], 'He pays $1,234.50 in total. The answer is $1,234.50.\n');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const out = run.stdout;
    expect(out).toContain('gsm8k, 8 shots, random-fallback seed 0');
    expect(out).toMatch(/prompt: assumed, the first 8 exemplars of .*prompts\/gsm8k\.reference\.txt then " Q: \\nA: "/);
    expect(out).toContain('answer block: the whole completion (53 characters)');
    expect(out).toContain(['reference: 50', '  how: last-integer, the last integer after the last "the answer is"'].join('\n'));
    expect(out).toContain(['  matched: "50"', '  score: wrong (gold 1234.5)'].join('\n'));
    expect(out).toContain(
      ['strict: 1234.5', '  how: answer-is, the first "The answer is" followed by a number, in the answer block', '  matched: "The answer is $1,234.50"', '  score: correct (gold 1234.5)'].join('\n'),
    );
    expect(out).toContain('flexible: 1234.5\n');
    expect(out).not.toContain('fallback: nothing');
  });

  it('tells "no answer" apart from a wrong answer, and flags the random fallback', async () => {
    const run = await gkt(['--dataset', 'csqa', '--seed', '4', '--gold', 'E'], 'I am not sure.');
    const letter = ['A', 'B', 'C', 'D'][randomInt(createRng(4), 0, 3)];
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('csqa, 7 shots, random-fallback seed 4');
    expect(run.stdout).toContain(`reference: ${letter}  (random fallback: nothing to read, so a seeded draw)`);
    expect(run.stdout).toContain('  how: random-fallback, fewer than 8 matches of "The answer is [A-Z]", so a seeded random letter from A to D (never E)');
    expect(run.stdout).toContain('  score: wrong (gold E)');
    expect(run.stdout).toContain(['strict: no answer', '  how: none, no "The answer is" followed by a choice letter in the answer block', '  matched: nothing', '  score: wrong: no answer (gold E)'].join('\n'));
    expect(run.stdout).toContain(['flexible: no answer'].join('\n'));
  });

  it('says when the random draw happens to equal the gold', async () => {
    const letter = ['A', 'B', 'C', 'D'][randomInt(createRng(4), 0, 3)]!;
    const run = await gkt(['--dataset', 'csqa', '--seed', '4', '--gold', letter], 'I am not sure.');
    expect(run.stdout).toContain(`  score: correct by chance: the random draw equals the gold (gold ${letter})`);
  });

  it.each([
    ['\\nQ:', 'The answer is 18.\nQ: Bo has 4 cats and 5 dogs.\nA: The answer is 9.', 'The answer is 18.'],
    ['\\n Q:', 'The answer is 18.\n\n Q: Bo has 4 cats and 5 dogs.\nA: The answer is 9.', 'The answer is 18.\n'],
  ])('shows where the answer block ends when the model invents the next question (%s)', async (_name, completion, block) => {
    const run = await gkt(['--dataset', 'gsm8k'], completion);
    expect(run.code).toBe(0);
    const rest = completion.slice(block.length);
    expect(run.stdout).toContain(
      `answer block: the first ${block.length} of ${completion.length} characters; cut where the model starts a next question: ${JSON.stringify(rest)}`,
    );
    expect(run.stdout).toContain('strict: 18\n');
    expect(run.stdout).toContain('flexible: 18\n');
  });

  it('warns when the prompt does not hold as many answer sentences as --shots says', async () => {
    await writeFile(join(cwd, 'wei.txt'), 'Q: Which? Answer Choices: (a) x (b) y\nA: Because. So the answer is (b).\n\nQ: And? Answer Choices: (a) x (b) y\nA: ');
    const run = await gkt(['--dataset', 'csqa', '--prompt', 'wei.txt', '--shots', '1'], 'So the answer is (a).');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`prompt: ${join(cwd, 'wei.txt')}`);
    expect(run.stdout).toContain('note: the prompt has 0 matches of "The answer is [A-Z]" where 1 shots expect 1');
    expect(run.stdout).toContain('strict: A\n');
  });
});

/** [name, dataset, completion, reference, strict, flexible]; reference null: its random fallback fired. */
const UNUSUAL: Array<[string, 'gsm8k' | 'csqa', string, string | null, string | null, string | null]> = [
  ['currency', 'gsm8k', 'The answer is $1,234.50.', '50', '1234.5', '1234.5'],
  ['thousands separators', 'gsm8k', 'So 1,000 + 450,000 = 451,000. The answer is 451,000 people.', '451000', '451000', '451000'],
  ['a decimal', 'gsm8k', 'The answer is 2.5 liters.', '5', '2.5', '2.5'],
  ['a negative', 'gsm8k', 'It fell to -3 degrees. The answer is -3.', '3', '-3', '-3'],
  ['no answer at all', 'gsm8k', 'I do not know.', '8', null, null],
  ['an invented next question (\\nQ:)', 'gsm8k', 'The answer is 18.\nQ: Bo has 4 cats and 5 dogs.\nA: 4 + 5 = 9.', '9', '18', '18'],
  ['an invented next question (\\n Q:) with its answer', 'gsm8k', 'The answer is 18.\n\n Q: Bo has 4 cats.\nA: The answer is 4.', '18', '18', '18'],
  ['a colon', 'gsm8k', 'The answer is: 42', '42', '42', '42'],
  ['lower case with a period', 'gsm8k', 'the answer is 42.', '42', '42', '42'],
  ['a fraction', 'gsm8k', 'The answer is 3/4', '4', '0.75', '0.75'],
  ['units (dollars)', 'gsm8k', 'The answer is 18 dollars.', '18', '18', '18'],
  ['units (km)', 'gsm8k', 'The answer is 5 km.', '5', '5', '5'],
  ['scientific notation', 'gsm8k', 'The answer is 1e3.', '3', '1000', '1000'],
  ['trailing text', 'gsm8k', 'The answer is 7. I hope this helps, 2 be sure.', '2', '7', '7'],
  ['several answer lines', 'gsm8k', 'The answer is 6.\nThe answer is 7.\nThe answer is 8.', '6', '6', '6'],
  ['upper case', 'gsm8k', 'THE ANSWER IS 12', '12', '12', '12'],
  ['(B)', 'csqa', 'The answer is (B).', null, 'B', 'B'],
  ['(b)', 'csqa', 'So the answer is (b).', null, 'B', 'B'],
  ['B', 'csqa', 'The answer is B', 'B', 'B', 'B'],
  ['B.', 'csqa', 'The answer is B.', 'B', 'B', 'B'],
  ['b.', 'csqa', 'The answer is b.', null, 'B', 'B'],
  ['the article', 'csqa', 'The answer is a bank.', null, null, null],
  ['the article, then a choice', 'csqa', 'The answer is a bank (B).', null, null, 'B'],
  ['a next question', 'csqa', 'The answer is C.\nQ: Where? Answer Choices: (A) x (B) y\nA: The answer is B.', 'C', 'C', 'C'],
];

describe('gkt extract --json on unusual completions', () => {
  it('reads each as PROTOCOL says', async () => {
    const views = await inBatches(UNUSUAL, ([, dataset, completion]) => json(['--dataset', dataset], completion));
    UNUSUAL.forEach(([name, , , reference, strict, flexible], i) => {
      const { rules } = views[i]!;
      if (reference === null) expect(rules.reference.fallback, name).toBe(true);
      else expect([name, rules.reference.answer, rules.reference.fallback]).toEqual([name, reference, false]);
      expect([name, rules.strict.answer, rules.flexible.answer]).toEqual([name, strict, flexible]);
      for (const rule of Object.values(rules)) expect(rule.answer === null, name).toBe(rule.fired === 'none');
    });
  });

  it('prints the whole view as one object, with correctness and the answer block', async () => {
    const view = await json(['--dataset', 'csqa', '--gold', 'b'], 'The answer is a bank, so (B).\nQ: Next?');
    expect(view).toMatchObject({ dataset: 'csqa', shots: 7, seed: 0, gold: 'B', prompt: { kind: 'assumed' }, notes: [] });
    expect(view.answerBlock).toEqual({ chars: 29, cutAt: 29 });
    expect(view.rules).toMatchObject({
      strict: { answer: null, fired: 'none', matched: null, fallback: false, correct: false },
      flexible: { answer: 'B', fired: 'last-choice', matched: '(B)', fallback: false, correct: true },
      reference: { fired: 'random-fallback', matched: null, fallback: true },
    });
  });

  it('reads the real prompt from --prompt relative to the working directory, with --shots', async () => {
    await writeFile(join(cwd, 'prompt.txt'), 'Q: How many?\nA: One more. The answer is 6.\n\n Q: And now?\nA: ');
    const view = await json(['--dataset', 'gsm8k', '--prompt', 'prompt.txt', '--shots', '1'], 'The answer is 4. The answer is 9.');
    expect(view.prompt).toEqual({ kind: 'file', path: join(cwd, 'prompt.txt') });
    expect(view.rules.reference).toMatchObject({ answer: '4', fired: 'first-integer', matched: '4' });
  });

  it('draws the same fallback for the same seed', async () => {
    await writeFile(join(cwd, 'empty.txt'), 'Q: Which?\nA: ');
    const args = ['--dataset', 'gsm8k', '--seed', '21', '--shots', '0', '--prompt', 'empty.txt'];
    const [a, b] = await Promise.all([json(args, 'unknown'), json(args, 'unknown')]);
    expect(a.rules.reference).toMatchObject({ answer: String(randomInt(createRng(21), 0, 100)), fallback: true });
    expect(b).toEqual(a);
  });
});

describe('gkt extract refuses bad input: exit 2, nothing on stdout, the problem on the first line', () => {
  const cases: Array<[string, string[], string, RegExp]> = [
    ['empty stdin', ['--dataset', 'gsm8k'], '', /^gkt: stdin: no completion to read/],
    ['blank stdin', ['--dataset', 'csqa'], ' \n\n', /^gkt: stdin: no completion to read/],
    ['an unreadable prompt file', ['--dataset', 'gsm8k', '--prompt', 'missing/prompt.txt'], 'x', /^gkt: missing\/prompt\.txt: cannot read the prompt file \(ENOENT\)/],
    ['more shots than the reference prompt holds', ['--dataset', 'gsm8k', '--shots', '9'], 'x', /^gkt: --shots 9: .*gsm8k\.reference\.txt holds only 8 exemplars/],
    ['a gsm8k gold that is not a number', ['--dataset', 'gsm8k', '--gold', 'five'], 'x', /^gkt: --gold "five": a gsm8k gold answer must be a number/],
    ['a csqa gold that is not a choice', ['--dataset', 'csqa', '--gold', 'F'], 'x', /^gkt: --gold "F": a csqa gold answer must be one of the letters A–E/],
    ['no --dataset', [], 'x', /^(?:gkt|error): required option '--dataset <name>' not specified/],
    ['an unknown dataset', ['--dataset', 'mmlu'], 'x', /^(?:gkt|error): option '--dataset <name>' argument 'mmlu' is invalid/],
    ['negative shots', ['--dataset', 'gsm8k', '--shots', '-1'], 'x', /^(?:gkt|error): option '--shots <n>' argument '-1' is invalid/],
    ['a fractional seed', ['--dataset', 'gsm8k', '--seed', '1.5'], 'x', /^(?:gkt|error): option '--seed <s>' argument '1.5' is invalid/],
    ['an unknown flag', ['--dataset', 'gsm8k', '--rule', 'strict'], 'x', /^(?:gkt|error): unknown option '--rule'/],
  ];

  it('for each kind of mistake', async () => {
    const runs = await inBatches(cases, ([, args, stdin]) => gkt(args, stdin));
    cases.forEach(([name, , , message], i) => {
      const run = runs[i]!;
      expect([name, run.code, run.stdout]).toEqual([name, 2, '']);
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines[0], name).toMatch(message);
      // At most a usage hint under the message; never a stack trace.
      expect(lines.length, name).toBeLessThanOrEqual(2);
      expect(run.stderr, name).not.toMatch(/\n\s+at /);
    });
  });
});

describe('gkt extract, every rule and many completions at once', () => {
  it('shows all seven rules in the text output, each with its words', async () => {
    const run = await gkt(['--dataset', 'gsm8k', '--gold', '18'], 'So she has 18 apples.\n\\boxed{18}\n#### 18\nThe answer is 18');
    expect(run.code).toBe(0);
    for (const rule of ['reference', 'strict', 'flexible', 'boxed', '####', 'lm-eval-strict', 'lm-eval-flexible']) {
      expect(run.stdout).toMatch(new RegExp(`^${rule.replace(/[#-]/g, '\\$&')}: `, 'm'));
    }
    expect(run.stdout).toContain(['boxed: 18', '  how: boxed, the last \\boxed{…} in the answer block'].join('\n'));
    // The harness's strict pattern needs a character after the number: the final 8 is taken for it.
    expect(run.stdout).toContain(['lm-eval-strict: 1', '  how: answer-is, the first match of "The answer is (\\-?[0-9\\.\\,]+)."'].join('\n'));
    expect(run.stdout).toContain('  score: wrong (gold 18)');
  });

  it('--jsonl reads one completion per line and answers each on its own line, ids and golds kept', async () => {
    const lines = [
      { id: 'a', completion: 'The answer is 72.', gold: '72' },
      { id: 7, completion: 'Total: $1,000.', gold: 1000 },
      { completion: 'nothing here' },
    ];
    const run = await gkt(['--dataset', 'gsm8k', '--jsonl'], `${lines.map((l) => JSON.stringify(l)).join('\n')}\n\n`);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const views = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as View & { id?: string | number });
    expect(views.map((v) => [v.id, v.gold])).toEqual([['a', '72'], [7, '1000'], [undefined, null]]);
    expect(views[0]!.rules).toMatchObject({ 'lm-eval-strict': { answer: '72', correct: true }, strict: { answer: '72', correct: true } });
    expect(views[1]!.rules).toMatchObject({ 'lm-eval-flexible': { answer: '1000', matched: '$1,000.', correct: true }, 'lm-eval-strict': { answer: null, fired: 'none' } });
    expect(views[2]!.rules['lm-eval-flexible' as 'flexible']).toMatchObject({ answer: null, fired: 'none' });
  });

  it('--jsonl refuses a bad line by its number and writes nothing', async () => {
    const run = await gkt(['--dataset', 'gsm8k', '--jsonl'], '{"completion": "5"}\n{"completion": 5}\n');
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^gkt: stdin:2: "completion" must be a string/);
  });
});
