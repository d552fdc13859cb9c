// src/extract and src/score checked against an independent implementation of PROTOCOL's rules on a generated corpus.
import { describe, expect, it } from 'vitest';
import { extractAll } from '../../src/extract/index.js';
import { scoreAll } from '../../src/score/score.js';
import { buildCorpus, promptFor, type CorpusCase } from './corpus.js';
import { oracleCorrect, oracleExtract, oracleReferenceCorrect, type OracleAnswers, type OracleDataset } from './oracle.js';
import type { ExtractInput } from '../../src/extract/types.js';

/** The rules the oracle reads independently; the newer rules have checks of their own (lm-eval's against Python). */
const RULE_NAMES: ReadonlyArray<keyof OracleAnswers> = ['reference', 'strict', 'flexible'];

function inputOf(c: CorpusCase, fallbackSeed = 3): ExtractInput {
  return { dataset: c.dataset, prompt: c.prompt, answer: c.answer, shots: c.shots, fallbackSeed };
}

/** Every way src/extract and the oracle part on one case, as readable lines. */
function disagreements(c: CorpusCase): string[] {
  const input = inputOf(c);
  const ours = scoreAll(input, c.gold);
  const oracle = oracleExtract(c.dataset, c.prompt, c.answer, c.shots);
  const found: string[] = [];
  const say = (what: string) => found.push(`${c.label} ${JSON.stringify(c.answer)}: ${what}`);
  for (const rule of RULE_NAMES) {
    const got = ours[rule];
    const want = oracle[rule];
    if (got.fallback !== want.fallback) say(`${rule} fallback ${got.fallback}, oracle ${want.fallback}`);
    if (!want.fallback && got.answer !== want.answer) say(`${rule} ${got.answer}, oracle ${want.answer}`);
    if (got.answer === null && got.fired !== 'none') say(`${rule} has no answer but fired ${got.fired}`);
    if (got.answer !== null && got.matched === null && !got.fallback) say(`${rule} answered ${got.answer} without saying what it matched`);
    const right = rule === 'reference'
      ? got.answer !== null && oracleReferenceCorrect(c.dataset, got.answer, c.gold)
      : oracleCorrect(c.dataset, got.answer, c.gold);
    if (got.correct !== right) say(`${rule} ${got.answer} against gold ${c.gold}: correct ${got.correct}, oracle ${right}`);
  }
  if (ours.reference.fallback) {
    const range = c.dataset === 'gsm8k' ? /^(\d|[1-9]\d|100)$/ : /^[ABCD]$/;
    if (!range.test(ours.reference.answer ?? '')) say(`reference fallback ${ours.reference.answer} outside the reference code's range`);
  }
  return found;
}

describe.each(['gsm8k', 'csqa'] as const)('%s: src/extract against the oracle on the generated corpus', (dataset) => {
  const corpus = buildCorpus(dataset);

  it('agrees on every case, rule and score', () => {
    expect(corpus.flatMap(disagreements)).toEqual([]);
  });

  it('covers every way each rule can fire, in both prompt formats', () => {
    const fired = new Set<string>();
    for (const c of corpus) {
      const all = extractAll(inputOf(c));
      for (const rule of RULE_NAMES) fired.add(`${c.format} ${rule} ${all[rule].fired}`);
    }
    const expected = dataset === 'gsm8k'
      ? ['reference first-integer', 'reference last-integer', 'reference random-fallback', 'strict answer-is', 'strict none', 'flexible answer-is', 'flexible last-number', 'flexible none']
      : ['reference answer-is', 'reference random-fallback', 'strict answer-is', 'strict none', 'flexible answer-is', 'flexible last-choice', 'flexible none'];
    for (const format of ['reference', 'wei']) {
      for (const kind of expected) expect(fired, `${format} ${kind}`).toContain(`${format} ${kind}`);
    }
    expect(corpus.length).toBeGreaterThan(dataset === 'gsm8k' ? 1000 : 500);
  });

  it('draws the same fallback for the same seed and lets the seed change it', () => {
    const empty = corpus.filter((c) => extractAll(inputOf(c)).reference.fallback);
    expect(empty.length).toBeGreaterThan(0);
    const draws = new Set<string | null>();
    for (let seed = 0; seed < 40; seed += 1) {
      const once = extractAll(inputOf(empty[0]!, seed)).reference.answer;
      expect(extractAll(inputOf(empty[0]!, seed)).reference.answer).toBe(once);
      draws.add(once);
    }
    expect(draws.size).toBeGreaterThan(1);
  });
});

/** Hand-checked answers on the real 8-shot / 7-shot reference prompts: [completion, reference, strict, flexible]. */
const GSM8K_TABLE: Array<[string, string | null, string | null, string | null]> = [
  ['The answer is $1,234.50.', '50', '1234.5', '1234.5'],
  ['He earns 1,234 a week. The answer is 1,234.', '1234', '1234', '1234'],
  ['The answer is 2.5', '5', '2.5', '2.5'],
  ['The answer is -3.', '3', '-3', '-3'],
  ['The answer is \u22123.', '3', '-3', '-3'],
  ['I cannot tell.', '8', null, null],
  ['The answer is 18.\nQ: Bo has 4 cats and 5 dogs. How many pets?\nA: 4 + 5 = 9.', '9', '18', '18'],
  ['The answer is 18.\n Q: Bo has 4 cats and 5 dogs. How many pets?\nA: 4 + 5 = 9. The answer is 9.', '18', '18', '18'],
  ['It costs 18.\n\n Q: Bo has 4 cats.', '4', null, '18'],
  ['The answer is: 42', '42', '42', '42'],
  ['the answer is 42.', '42', '42', '42'],
  ['The answer is 3/4', '4', '0.75', '0.75'],
  ['The answer is 1/3 of the cake.', '3', '1/3', '1/3'],
  ['The answer is 18 dollars.', '18', '18', '18'],
  ['The answer is 5 km and then some 7 more.', '7', '5', '5'],
  ['The answer is 1e3.', '3', '1000', '1000'],
  ['The answer is 6, and that is final', '6', '6', '6'],
  ['The answer is 6. The answer is 7. The answer is 8.', '6', '6', '6'],
  ['The answer is unclear. Maybe 4 or 5.', '5', null, '5'],
  ['The answer is unclear. The answer is 5.', null, '5', '5'],
  ['The answer is 6/0 apples, so 7.', '7', null, '7'],
];

const CSQA_TABLE: Array<[string, string | null, string | null, string | null]> = [
  ['The answer is (B).', null, 'B', 'B'],
  ['The answer is (b).', null, 'B', 'B'],
  ['The answer is B', 'B', 'B', 'B'],
  ['The answer is B.', 'B', 'B', 'B'],
  ['The answer is b.', null, 'B', 'B'],
  ['The answer is a bank.', null, null, null],
  ['A bank keeps money (B). The answer is a bank.', null, null, 'B'],
  ['The answer is Bank.', 'B', null, null],
  ['So the answer is (c).', null, 'C', 'C'],
  ['The answer is B because a bank keeps money.', 'B', null, null],
  ['The answer is e.g. a bank (B).', null, null, 'B'],
  ['The answer is C.\nQ: Where do fish live? Answer Choices: (A) tree (B) sea\nA: The answer is B.', 'C', 'C', 'C'],
  ['No idea.\n Q: Where do fish live? Answer Choices: (A) tree (B) sea\nA: The answer is B.', 'B', null, null],
];

const BANK = 'Where would you keep money? Answer Choices: (A) pocket (B) bank (C) drawer (D) shoe (E) sock';
const COINS = 'Ann has 8 coins. How many coins does she have?';

describe.each([
  ['gsm8k', GSM8K_TABLE, COINS, 8],
  ['csqa', CSQA_TABLE, BANK, 7],
] as const)('%s: hand-checked completions on the real reference prompt', (dataset, table, question, shots) => {
  const prompt = promptFor(dataset as OracleDataset, 'reference', shots, question);
  it.each(table)('%j', (answer, reference, strict, flexible) => {
    const ours = extractAll({ dataset, prompt, answer, shots, fallbackSeed: 5 });
    const oracle = oracleExtract(dataset, prompt, answer, shots);
    for (const [rule, want] of [['reference', reference], ['strict', strict], ['flexible', flexible]] as const) {
      if (rule === 'reference' && want === null) {
        expect(ours.reference.fallback).toBe(true);
        expect(oracle.reference.fallback).toBe(true);
        continue;
      }
      expect(ours[rule].answer, `src ${rule}`).toBe(want);
      expect(oracle[rule].answer, `oracle ${rule}`).toBe(want);
    }
  });
});
