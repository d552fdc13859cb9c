// Dataset loader: every bad file is refused with one line naming the file and line; good files load whole.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, parseDataset } from '../../src/datasets/load.js';
import type { DatasetName } from '../../src/vocabulary.js';
import { UsageError } from '../../src/util/errors.js';
import { sha256 } from '../../src/util/hash.js';
import { SHARED_DATASETS as SHARED, haveSharedDatasets } from '../helpers/shared-datasets.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/datasets/', import.meta.url));
const fixture = (name: string) => join(FIXTURES, name);

async function loadError(name: DatasetName, path: string): Promise<UsageError> {
  const error = await loadDataset(name, path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  const usage = error as UsageError;
  expect(usage.message).not.toContain('\n');
  return usage;
}

describe('loadDataset refuses bad files', () => {
  it.each([
    ['gsm8k', 'gsm8k-no-marker.jsonl', ':2: gsm8k record "answer" has no "#### " line'],
    ['gsm8k', 'gsm8k-missing-field.jsonl', ':3: gsm8k record has no "answer"'],
    ['csqa', 'csqa-four-choices.jsonl', ':1: csqa record "question.choices" has 4 choices, not 5'],
    ['csqa', 'csqa-label-order.jsonl', ':1: csqa record "question.choices[2].label" is "D", expected "C"'],
    ['csqa', 'csqa-answer-f.jsonl', ':2: csqa record "answerKey" is "F", not one of A–E'],
    ['csqa', 'csqa-duplicate-id.jsonl', ':3: duplicate id "f0e1d2c3b4a5968778695a4b3c2d1e0f" (first on line 1)'],
    ['gsm8k', 'empty.jsonl', ': no gsm8k records in the file'],
    ['csqa', 'gsm8k-crlf.jsonl', ':1: csqa record has no "id"'],
  ] as const)('%s %s', async (name, file, suffix) => {
    const error = await loadError(name, fixture(file));
    expect(error.message).toBe(`${fixture(file)}${suffix}`);
  });

  it('names the line of bad JSON', async () => {
    const error = await loadError('gsm8k', fixture('gsm8k-bad-json.jsonl'));
    expect(error.message.startsWith(`${fixture('gsm8k-bad-json.jsonl')}:3: not valid JSON (`)).toBe(true);
  });

  it('says how to fetch a missing file', async () => {
    const path = fixture('no-such-file.jsonl');
    const error = await loadError('csqa', path);
    expect(error.message).toBe(`${path}: cannot read the csqa dataset (ENOENT)`);
    expect(error.hint).toBe('fetch it with: gkt datasets fetch csqa');
  });
});

describe('loadDataset accepts', () => {
  it('CRLF line endings, with the sha256 of the bytes as they are', async () => {
    const path = fixture('gsm8k-crlf.jsonl');
    const loaded = await loadDataset('gsm8k', path);
    expect(loaded.sha256).toBe(sha256(await readFile(path)));
    expect(loaded.items.map((item) => [item.id, item.gold])).toEqual([
      ['gsm8k-0', '7'],
      ['gsm8k-1', '3000'],
    ]);
    expect(loaded.items[1]!.question).toBe('A shop sells 1,000 pens a week. How many pens does it sell in 3 weeks?');
  });

  it('blank lines and a byte-order mark, counting lines as an editor does', () => {
    const good = '{"question": "q", "answer": "#### 1"}';
    const text = `\uFEFF${good}\n\n${good}\n{"question": "q"}\n`;
    expect(() => parseDataset('gsm8k', 'f.jsonl', text)).toThrow(new UsageError('f.jsonl:4: gsm8k record has no "answer"'));
    expect(parseDataset('gsm8k', 'f.jsonl', `\uFEFF${good}\n\n${good}`).map((item) => item.index)).toEqual([0, 1]);
  });
});

describe('the mini fixtures', () => {
  const mini = (file: string) => fileURLToPath(new URL(`../../datasets/fixtures/${file}`, import.meta.url));

  it('gsm8k-mini has a thousands separator, a negative gold, a double space and non-ASCII text', async () => {
    const { items } = await loadDataset('gsm8k', mini('gsm8k-mini.jsonl'));
    const raw = await readFile(mini('gsm8k-mini.jsonl'), 'utf8');
    expect(items).toHaveLength(8);
    expect(raw).toContain('#### 2,550');
    expect(items.map((item) => item.gold)).toEqual(['23', '2550', '-7', '84', '12', '6', '105000', '51']);
    expect(items.some((item) => item.question.includes('  '))).toBe(true);
    expect(items[3]!.question).toBe('Zoë’s café sells 14 croissants an hour for 6 hours. How many croissants does the café sell?');
  });

  it('csqa-mini covers every answer key, a double space, an untrimmed stem and choice, and non-ASCII text', async () => {
    const { items } = await loadDataset('csqa', mini('csqa-mini.jsonl'));
    const raw = await readFile(mini('csqa-mini.jsonl'), 'utf8');
    expect(items).toHaveLength(8);
    expect(new Set(items.map((item) => item.gold))).toEqual(new Set(['A', 'B', 'C', 'D', 'E']));
    expect(raw).toContain('"stem": " What do you use to cut paper into shapes? "');
    expect(items[2]!.question).toBe('What do you use to cut paper into shapes?');
    expect(items[1]!.question).toBe('The runner was out of breath.  What did she need to do?');
    expect(items[3]!.question).toBe('Where might you order a crème brûlée after dinner?');
    expect(items[5]!.choices![1]).toEqual({ label: 'B', text: 'countryside ' });
  });
});

// The full datasets sit beside the repository (../shared/datasets) locally and in CI.

describe.skipIf(!haveSharedDatasets)('the real datasets', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gkt-load-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('GSM8K test: 1319 items, 14 golds with commas removed, 2 negative', async () => {
    const path = join(SHARED, 'gsm8k', 'test.jsonl');
    const loaded = await loadDataset('gsm8k', path);
    expect(loaded.sha256).toBe('3730d312f6e3440559ace48831e51066acaca737f6eabec99bccb9e4b3c39d14');
    expect(loaded.items).toHaveLength(1319);
    const finals = (await readFile(path, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { answer: string }).answer.split('\n#### ')[1]!);
    const withCommas = finals.flatMap((value, i) => (value.includes(',') ? [i] : []));
    expect(withCommas).toHaveLength(14);
    for (const i of withCommas) expect(loaded.items[i]!.gold).toBe(finals[i]!.replaceAll(',', ''));
    expect(loaded.items.filter((item) => item.gold.startsWith('-')).map((item) => item.gold)).toEqual(['-10', '-3']);
    expect(loaded.items.every((item) => /^-?\d+$/.test(item.gold))).toBe(true);
    expect(loaded.items[0]!.question.startsWith('Janet’s ducks lay 16 eggs per day.')).toBe(true);
  });

  it('CSQA dev: 1221 items, answer keys A 239 / B 255 / C 241 / D 251 / E 235', async () => {
    const loaded = await loadDataset('csqa', join(SHARED, 'csqa', 'dev_rand_split.jsonl'));
    expect(loaded.sha256).toBe('3210497fdaae614ac085d9eb873dd7f4d49b6f965a93adadc803e1229fd8a02a');
    expect(loaded.items).toHaveLength(1221);
    const counts: Record<string, number> = {};
    for (const item of loaded.items) counts[item.gold] = (counts[item.gold] ?? 0) + 1;
    expect(counts).toEqual({ A: 239, B: 255, C: 241, D: 251, E: 235 });
    expect(loaded.items.filter((item) => item.question.includes('  '))).toHaveLength(109);
    expect(loaded.items.every((item) => item.choices?.map((c) => c.label).join('') === 'ABCDE')).toBe(true);
  });

  it('shares no question with the mini fixtures, which are written by hand', async () => {
    for (const [name, file, fixture] of [
      ['gsm8k', join('gsm8k', 'test.jsonl'), 'gsm8k-mini.jsonl'],
      ['csqa', join('csqa', 'dev_rand_split.jsonl'), 'csqa-mini.jsonl'],
    ] as const) {
      const real = new Set((await loadDataset(name, join(SHARED, file))).items.map((item) => item.question));
      const mini = (await loadDataset(name, fileURLToPath(new URL(`../../datasets/fixtures/${fixture}`, import.meta.url)))).items;
      expect(mini.filter((item) => real.has(item.question))).toEqual([]);
    }
  });

  it('the same GSM8K file with CRLF endings gives the same items', async () => {
    const text = await readFile(join(SHARED, 'gsm8k', 'test.jsonl'), 'utf8');
    const path = join(dir, 'test-crlf.jsonl');
    await writeFile(path, text.replaceAll('\n', '\r\n'));
    const crlf = await loadDataset('gsm8k', path);
    const lf = parseDataset('gsm8k', 'lf', text);
    expect(crlf.items).toEqual(lf);
  });
});
