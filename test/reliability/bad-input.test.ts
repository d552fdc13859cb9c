// Bad input through the real CLI: each case exits 2 with a first line naming the file (or flag) and the
// JSON path or line, no stack trace, nothing on stdout, and nothing written where the command writes.
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, type CliResult } from '../helpers/cli.js';

const BAD = join(ROOT, 'test', 'fixtures', 'bad');
const config = (name: string) => join(BAD, 'config', `${name}.json`);
const badDataset = (name: string) => join(BAD, 'dataset', name);
const oldDataset = (name: string) => join(ROOT, 'test', 'fixtures', 'datasets', name);
const UNSET_KEY = 'GKT_BAD_INPUT_UNSET_KEY';

/** `gkt …` in a scratch folder, so a stray default `./results` would be seen too. */
function gkt(args: string[], cwd: string): Promise<CliResult> {
  return runCli(args, { cwd, env: { [UNSET_KEY]: undefined }, timeoutMs: 20_000 });
}

let scratch: string;
let cases = 0;
/** A loopback server that no refused command may reach: one-cell cases point their models at it. */
let tripwire: Server;
let tripwireUrl: string;
let tripwireHits = 0;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'gkt-bad-input-'));
  tripwire = createServer((_req, res) => {
    tripwireHits += 1;
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => tripwire.listen(0, '127.0.0.1', resolve));
  tripwireUrl = `http://127.0.0.1:${(tripwire.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise((resolve) => tripwire.close(resolve));
  await rm(scratch, { recursive: true, force: true });
});

/** A folder of its own per case: its `results/` must not exist afterwards, nor anything but `keep`. */
async function caseDir(keep: string[] = []): Promise<string> {
  const dir = join(scratch, `case-${++cases}`);
  await mkdir(dir);
  for (const name of keep) await writeFile(join(dir, name), '');
  return dir;
}

/**
 * The refusal contract. `first` is how stderr's first line must begin (after `gkt: `); `more` are
 * further problem lines expected after it. Other lines may only be hints: indented or in parentheses.
 */
function expectRefused(result: CliResult, first: string, more: string[] = []): void {
  const context = `stderr:\n${result.stderr}`;
  expect(result.code, context).toBe(2);
  expect(result.stdout, context).toBe('');
  expect(result.stderr, context).not.toMatch(/internal error|^\s+at .+:\d+:\d+\)?$/m);
  const lines = result.stderr.trimEnd().split('\n');
  // Compared as prefixes cut to length, so that a failure shows the two lines side by side.
  const begin = (line: string | undefined, prefix: string) => expect((line ?? '').slice(0, prefix.length), context).toBe(prefix);
  begin(lines[0], `gkt: ${first}`);
  more.forEach((prefix, i) => begin(lines[1 + i], prefix));
  for (const hint of lines.slice(1 + more.length)) expect(hint, context).toMatch(/^(\s+\S|\(.*\)$)/);
}

async function expectNothingWritten(dir: string, keep: string[] = []): Promise<void> {
  expect(existsSync(join(dir, 'results'))).toBe(false);
  expect((await readdir(dir)).sort()).toEqual([...keep].sort());
}

/** `gkt run <args> --results <case>/results`: refused, and no results folder appears. */
async function refusedRun(args: string[], first: string, more: string[] = []): Promise<void> {
  const dir = await caseDir();
  expectRefused(await gkt(['run', ...args, '--results', join(dir, 'results')], dir), first, more);
  await expectNothingWritten(dir);
}

describe.concurrent('a bad config is refused by file and JSON path', () => {
  it.each([
    ['not JSON (a missing comma)', 'not-json', ':5:5: not valid JSON ('],
    ['not JSON (a trailing comma)', 'trailing-comma', ':6:3: not valid JSON ('],
    ['an empty file', 'empty', ':1:1: not valid JSON (the file is empty)'],
    ['a list, not an object', 'not-an-object', ': $: must be object'],
    ['a string where an integer goes', 'wrong-type-batch', ': $.models.teacher.batch: must be integer'],
    ['a string where a list goes', 'wrong-type-datasets', ': $.datasets: must be array'],
    ['an unknown top-level key', 'unknown-key-top', ': $.guidanceLength: unknown key'],
    ['an unknown model key', 'unknown-key-model', ': $.models.teacher.batchSize: unknown key'],
    ['an unknown key four levels down', 'unknown-key-simulate', ': $.models.teacher.launch.simulate.acuracy: unknown key'],
    ['an unknown dataset key', 'unknown-key-dataset', ': $.datasets[0].limt: unknown key'],
    ['a missing run name', 'missing-name', ': $.name: is required'],
    ['a missing served model id', 'missing-model-id', ': $.models.student.model: is required'],
    ['a model with no URL and nothing to launch', 'missing-url', ': $.models.teacher.url: is required'],
    ['a model key with a space', 'model-key-bad', ': $.models["teacher 13b"]: is not a valid key'],
    ['a run name that leaves the results folder', 'name-escapes-results', ': $.name: must be letters, digits'],
    ['a pair naming a model that does not exist', 'pair-unknown-model', ': $.pairs[0].student: no model "llama-7b" in $.models'],
    ['a teacher that is its own student', 'teacher-is-student', ': $.pairs[0]: teacher and student are the same model'],
    ['a guidance length equal to the teacher context', 'guidance-fills-context', ': $.guidance: guidance of 256 tokens cannot fit teacher "teacher" (context 256'],
    ['an output length beyond a simulated context', 'output-exceeds-simulated-context', ': $.datasets[0].outputLengths: output of 300 tokens cannot fit student "student" (context 256'],
    ['a guidance length of 0', 'guidance-zero', ': $.guidance[0]: must be >= 1'],
    ['a negative output length', 'output-negative', ': $.pairs[0].outputLengths[0]: must be >= 1'],
    ['a guidance length that is not whole', 'guidance-fraction', ': $.guidance[1]: must be integer'],
    ['more shots than exemplars', 'shots-above-exemplars', ': $.datasets[0].shots: csqa has 7 exemplars, 8 asked'],
    ['limit and sample both', 'limit-and-sample', ': $.datasets[0]: give limit or sample, not both'],
    ['an API key variable that is unset', 'api-key-unset', `: $.models.teacher.apiKeyEnv: environment variable ${UNSET_KEY} is not set`],
    ['a dataset listed twice', 'dataset-twice', ': $.datasets[1].name: "gsm8k" is listed twice'],
    ['a dataset path that does not exist', 'dataset-path-missing', `: $.datasets[0].path: no such file: ${badDataset('no-such-file.jsonl')}`],
    ['launch with both a command and the simulator', 'launch-command-and-simulate', ': $.models.teacher.launch: give "command" or "simulate", not both'],
    ['a prompt variant the format has no file for', 'prompt-variant-wei', `: $.prompt.variant: no prompt file csqa.wei-fox-corrected.txt in ${join(ROOT, 'prompts')}`],
    ['a prompt folder that does not exist', 'prompt-dir-missing', `: $.prompt.dir: no such folder: ${join(BAD, 'prompt', 'no-such-folder')}`],
    ['more shots than its own prompt file holds', 'prompt-shots-above-file', `: $.datasets[0].shots: ${join(BAD, 'prompt', 'two-exemplars', 'gsm8k.reference.txt')} has 2 exemplars, 3 asked`],
  ])('%s', async (_what, name, rest) => {
    await refusedRun([config(name)], `${config(name)}${rest}`);
  });

  it('lists several problems at once, one line each, every line naming the file and a path', async () => {
    const file = config('several-problems');
    await refusedRun([file], `${file}: $.colour: unknown key`, [
      `${file}: $.models.teacher.kind: must be one of "vllm"`,
      `${file}: $.models.teacher.batch: must be >= 1`,
      `${file}: $.datasets[0].limit: must be >= 1`,
      `${file}: $.guidance[0]: must be >= 1`,
      `${file}: $.models.teacher.kind: must be "simulated" when launch.simulate is set`,
      `${file}: $.pairs[0].student: no model "nobody" in $.models`,
      '  7 problems;',
    ]);
  });

  it('a key written twice, at any depth, each by line and column', async () => {
    const file = config('duplicate-key');
    await refusedRun([file], `${file}:4:92: "batch" is set twice in models.teacher`, [`${file}:10:3: "guidance" is set twice in the top level`]);
  });

  it('a config file too large to be one, before it is read', async () => {
    const dir = await caseDir();
    const big = join(dir, 'big.json');
    await writeFile(big, `{"name": "big", "pad": "${'x'.repeat(2 * 1024 * 1024)}"}`);
    expectRefused(await gkt(['run', big, '--results', join(dir, 'results')], dir), `${big}: 2.0 MB is not a sweep config (at most 1 MB`);
    await expectNothingWritten(dir, ['big.json']);
  });

  it('a config file that does not exist', async () => {
    const missing = join(scratch, 'no-such-config.json');
    await refusedRun([missing], `${missing}: cannot read the config (no such file)`);
  });
});

/** The valid config with its dataset swapped for `path`, written to the case folder (outside `results/`). */
async function configAround(dir: string, name: 'gsm8k' | 'csqa', path: string): Promise<string> {
  const sweep = JSON.parse(await readFile(config('valid'), 'utf8')) as { datasets: unknown };
  sweep.datasets = [{ name, path }];
  await writeFile(join(dir, 'config.json'), JSON.stringify(sweep));
  return join(dir, 'config.json');
}

async function refusedDataset(name: 'gsm8k' | 'csqa', path: string, rest: string): Promise<void> {
  const dir = await caseDir();
  expectRefused(await gkt(['run', await configAround(dir, name, path), '--results', join(dir, 'results')], dir), `${path}${rest}`);
  await expectNothingWritten(dir, ['config.json']);
}

describe.concurrent('a bad dataset file is refused by file and line', () => {
  it.each([
    ['gsm8k', oldDataset('gsm8k-bad-json.jsonl'), ':3: not valid JSON ('],
    ['gsm8k', oldDataset('gsm8k-missing-field.jsonl'), ':3: gsm8k record has no "answer"'],
    ['gsm8k', badDataset('gsm8k-missing-question.jsonl'), ':2: gsm8k record has no "question"'],
    ['gsm8k', oldDataset('gsm8k-no-marker.jsonl'), ':2: gsm8k record "answer" has no "#### " line'],
    ['gsm8k', badDataset('gsm8k-marker-not-last.jsonl'), ':2: gsm8k record "answer" does not end with its "#### " line'],
    ['gsm8k', badDataset('gsm8k-gold-not-number.jsonl'), ':2: gsm8k record "answer" ends with "#### fourteen", not a number'],
    ['gsm8k', badDataset('gsm8k-not-an-object.jsonl'), ':2: gsm8k record is not a JSON object'],
    ['gsm8k', badDataset('gsm8k-question-not-string.jsonl'), ':2: gsm8k record "question" is not a string'],
    ['csqa', oldDataset('csqa-four-choices.jsonl'), ':1: csqa record "question.choices" has 4 choices, not 5'],
    ['csqa', oldDataset('csqa-label-order.jsonl'), ':1: csqa record "question.choices[2].label" is "D", expected "C"'],
    ['csqa', oldDataset('csqa-answer-f.jsonl'), ':2: csqa record "answerKey" is "F", not one of A–E'],
    ['csqa', badDataset('csqa-missing-answer-key.jsonl'), ':2: csqa record has no "answerKey"'],
    ['csqa', badDataset('csqa-missing-stem.jsonl'), ':2: csqa record has no "question.stem"'],
    ['csqa', badDataset('csqa-choices-not-list.jsonl'), ':2: csqa record "question.choices" is not a list'],
    ['csqa', oldDataset('csqa-duplicate-id.jsonl'), ':3: duplicate id "f0e1d2c3b4a5968778695a4b3c2d1e0f" (first on line 1)'],
    ['csqa', oldDataset('gsm8k-crlf.jsonl'), ':1: csqa record has no "id"'],
    ['gsm8k', oldDataset('empty.jsonl'), ': no gsm8k records in the file'],
    ['gsm8k', badDataset('blank-lines-only.jsonl'), ': no gsm8k records in the file'],
  ] as const)('%s %s', async (name, path, rest) => {
    await refusedDataset(name, path, rest);
  });
});

describe.concurrent('bytes that are not UTF-8 are refused by file and line, not silently replaced', () => {
  it('in a dataset file', async () => {
    const dir = await caseDir();
    const path = join(dir, 'latin1.jsonl');
    const good = '{"question": "Tom has 3 apples. How many?", "answer": "3 apples.\\n#### 3"}\n';
    // "café" saved as Latin-1 on line 2; line 3 holds a replacement character written as UTF-8, which is fine.
    await writeFile(path, Buffer.concat([Buffer.from(good), Buffer.from('{"question": "A caf'), Buffer.from([0xe9]), Buffer.from('?", "answer": "#### 1"}\n'), Buffer.from(good.replace('Tom', 'T\uFFFDm'))]));
    expectRefused(await gkt(['run', await configAround(dir, 'gsm8k', path), '--results', join(dir, 'results')], dir), `${path}:2: holds bytes that are not UTF-8`);
    await expectNothingWritten(dir, ['config.json', 'latin1.jsonl']);
  });

  it('in a prompt file', async () => {
    const dir = await caseDir();
    const prompts = join(dir, 'prompts');
    await cp(join(ROOT, 'prompts', 'gsm8k.reference.txt'), join(prompts, 'gsm8k.reference.txt'));
    const text = await readFile(join(prompts, 'gsm8k.reference.txt'));
    const at = text.indexOf('\n') + 1;
    await writeFile(join(prompts, 'gsm8k.reference.txt'), Buffer.concat([text.subarray(0, at), Buffer.from([0xff, 0xfe]), text.subarray(at)]));
    const sweep = JSON.parse(await readFile(config('valid'), 'utf8')) as Record<string, unknown>;
    sweep.prompt = { dir: prompts };
    sweep.datasets = [{ name: 'gsm8k', path: join(ROOT, 'datasets', 'fixtures', 'gsm8k-mini.jsonl') }];
    await writeFile(join(dir, 'config.json'), JSON.stringify(sweep));
    expectRefused(await gkt(['run', join(dir, 'config.json'), '--results', join(dir, 'results')], dir), `${join(prompts, 'gsm8k.reference.txt')}:2: holds bytes that are not UTF-8`);
    await expectNothingWritten(dir, ['config.json', 'prompts']);
  });
});

describe.concurrent('a bad prompt file is refused by file and line', () => {
  it.each([
    ['an exemplar without "The answer is"', 'prompt-no-answer-is', `${join(BAD, 'prompt', 'no-answer-is', 'gsm8k.reference.txt')}:4: block 2 has no "The answer is"`],
    ['an empty prompt file', 'prompt-empty', `${join(BAD, 'prompt', 'empty', 'gsm8k.reference.txt')}: no "Q:" exemplar blocks`],
  ])('%s', async (_what, name, first) => {
    await refusedRun([config(name)], first);
  });
});

describe.concurrent('bad flags are refused by flag', () => {
  const valid = config('valid');
  const cell = () => ['--dataset', 'gsm8k', '--student-url', tripwireUrl, '--student-model', 'sim-student'];
  it.each([
    ['an unknown flag', () => [valid, '--limt', '5'], "unknown option '--limt'"],
    ['--limit 0', () => [valid, '--limit', '0'], "option '--limit <n>' argument '0' is invalid"],
    ['--limit abc', () => [valid, '--limit', 'abc'], "option '--limit <n>' argument 'abc' is invalid"],
    ['--shard 3/2', () => [valid, '--shard', '3/2'], '--shard: expected i/n with 1 ≤ i ≤ n (e.g. 2/4) or auto, got "3/2"'],
    ['--sample with --limit', () => [valid, '--sample', '3', '--limit', '2'], "option '--limit <n>' cannot be used with option '--sample <n>'"],
    ['--seed -1', () => [valid, '--seed', '-1'], "option '--seed <s>' argument '-1' is invalid"],
    ['--max-error-rate 2', () => [valid, '--max-error-rate', '2'], "option '--max-error-rate <r>' argument '2' is invalid"],
    ['a run name that leaves the results folder', () => [valid, '--run-name', '../elsewhere'], "option '--run-name <name>' argument '../elsewhere' is invalid"],
    ['one-cell flags with a config file', () => [valid, '--dataset', 'csqa', '--mode', 'practical'], '--dataset, --mode: one-cell flags, not used with a config file'],
    ['neither a config nor one-cell flags', () => [], 'run: give a config file, or --dataset'],
    ['one-cell mode with an unknown dataset', () => ['--dataset', 'mnist'], '--dataset: "mnist" is not one of gsm8k, csqa'],
    ['a student URL without its model', () => ['--dataset', 'gsm8k', '--student-url', tripwireUrl], '--student-model: is required with --student-url'],
    ['a URL that is not http', () => ['--dataset', 'gsm8k', '--student-url', 'localhost:8000', '--student-model', 'x'], '--student-url: "localhost:8000" is not an http(s) URL'],
    ['an unknown projection', () => [...cell(), '--teacher-url', tripwireUrl, '--teacher-model', 't', '--projection', 'summary'], '--projection: "summary" is not one of cutoff, concise, hint'],
    ['guidance without a teacher', () => [...cell(), '--guidance', '40'], '--guidance: needs a teacher (--teacher-url and --teacher-model)'],
    ['a teacher kind without a teacher', () => [...cell(), '--teacher-kind', 'vllm'], '--teacher-kind: needs --teacher-url and --teacher-model'],
  ])('gkt run: %s', async (_what, args, first) => {
    await refusedRun(args(), first);
  });

  it('gkt run: a results folder that is a file', async () => {
    const dir = await caseDir(['results.txt']);
    const file = join(dir, 'results.txt');
    expectRefused(await gkt(['run', valid, '--results', file], dir), `option '--results <dir>' argument '${file}' is invalid. ${file} is a file, not a folder`);
    await expectNothingWritten(dir, ['results.txt']);
  });

  it('gkt run: an empty results folder, which would be the current one', async () => {
    const dir = await caseDir();
    expectRefused(await gkt(['run', valid, '--results', ''], dir), `option '--results <dir>' argument '' is invalid. empty: give a folder`);
    await expectNothingWritten(dir);
  });

  it('gkt run: --allow-failures beyond 1', async () => {
    await refusedRun([valid, '--allow-failures', '3'], "option '--allow-failures <r>' argument '3' is invalid");
  });

  it.each([
    ['without --dataset', ['extract'], "required option '--dataset <name>' not specified"],
    ['--dataset mnist', ['extract', '--dataset', 'mnist'], "option '--dataset <name>' argument 'mnist' is invalid"],
    ['datasets fetch mnist', ['datasets', 'fetch', 'mnist', '--dir', '.'], 'unknown dataset "mnist": expected gsm8k or csqa'],
    ['serve without --simulate', ['serve'], 'gkt serve runs only the simulator: add --simulate'],
    ['serve on port 99999', ['serve', '--simulate', '--port', '99999'], "option '--port <port>' argument '99999' is invalid"],
    ['an unknown command', ['runn'], "unknown command 'runn'"],
  ])('gkt %s', async (_what, args, first) => {
    const dir = await caseDir();
    expectRefused(await gkt(args, dir), first);
    await expectNothingWritten(dir);
  });

  it.each([
    ['accuracy-above-one.json', 'accuracy: must be a number from 0 to 1'],
    ['not-json.json', 'not valid JSON ('],
    ['unknown-fault-kind.json', 'faults.kinds: must be a non-empty list of'],
  ])('gkt serve --simulate --profile %s', async (file, rest) => {
    const dir = await caseDir();
    const path = join(BAD, 'profile', file);
    expectRefused(await gkt(['serve', '--simulate', '--profile', path], dir), `${path}: ${rest}`);
    await expectNothingWritten(dir);
  });
});

describe.concurrent('gkt report refuses what is not a run', () => {
  it.each([
    ['a folder that is not a run', [], (run: string) => `${run}: not a run folder (manifest.json is missing)`],
    ['--rule fuzzy', ['--rule', 'fuzzy'], () => '--rule "fuzzy": expected one of reference, strict, flexible'],
    ['--format pdf', ['--format', 'pdf'], () => "option '-f, --format <format>' argument 'pdf' is invalid"],
  ])('%s', async (_what, flags, first) => {
    const dir = await caseDir();
    const run = join(dir, 'not-a-run');
    await cp(join(BAD, 'not-a-run'), run, { recursive: true });
    expectRefused(await gkt(['report', run, ...flags], dir), first(run));
    expect(await readdir(run)).toEqual(['notes.txt']);
    await expectNothingWritten(dir, ['not-a-run']);
  });
});

describe.concurrent('inputs that look odd but are accepted (controls)', () => {
  it.each([
    ['the valid config the bad ones are cut from', config('valid'), 'gsm8k 8 of 8 items'],
    ['a prompt folder of its own', config('valid-own-prompts'), 'gsm8k 8 of 8 items'],
  ])('%s plans without writing', async (_what, file, items) => {
    const dir = await caseDir();
    const result = await gkt(['plan', file, '--results', join(dir, 'results')], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(items);
    await expectNothingWritten(dir);
  });

  // The loader strips a trailing \r and a leading byte-order mark: copies edited on Windows are read as is.
  it.each([
    ['CRLF line endings', oldDataset('gsm8k-crlf.jsonl')],
    ['a byte-order mark', badDataset('gsm8k-bom.jsonl')],
  ])('a dataset with %s', async (_what, path) => {
    const dir = await caseDir();
    const result = await gkt(['plan', await configAround(dir, 'gsm8k', path), '--results', join(dir, 'results')], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`gsm8k 2 of 2 items (${path})`);
    await expectNothingWritten(dir, ['config.json']);
  });
});

describe('refused commands reach no server', () => {
  it('the one-cell cases above sent nothing to the loopback model they named', () => {
    expect(tripwireHits).toBe(0);
  });
});
