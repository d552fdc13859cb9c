// The lm-eval rules against Python's own `re` running the harness's gsm8k-cot settings, on thousands of generated answers.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';
import { scoreAll } from '../../src/score/score.js';
import { createRng, randomInt } from '../../src/util/rng.js';
import { ROOT } from '../helpers/cli.js';
import { gsm8kInput } from './helpers.js';

const SCRIPT = join(ROOT, 'test', 'fixtures', 'lm-eval', 'gsm8k_cot_filters.py');

/** Pieces that steer the patterns: the phrase, signs, digits, separators, the stops, line ends Python and JavaScript read apart. */
const PIECES = [
  'The answer is ', 'the answer is ', 'The answer is: ', '$', '-', '−', '.', ',', ' ', '\n', '\r', '\r\n', '\u2028', '#### ',
  'Q:', '</s>', '<|im_end|>', 'apples', '**', '1,234', '72.0', '18', '5', '0', '..', '\\boxed{7}', 'é', '😀', '\0', '\t',
];
const GOLDS = ['18', '5', '72', '1234', '0', '7', '-3', '2.5'];

interface Case {
  response: string;
  gold: string;
}

function corpus(count: number): Case[] {
  const rng = createRng(20240611);
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    let response = '';
    const length = randomInt(rng, 0, 14);
    for (let j = 0; j < length; j++) {
      response += rng() < 0.25 ? String(randomInt(rng, 0, 999)) : PIECES[randomInt(rng, 0, PIECES.length - 1)]!;
    }
    cases.push({ response, gold: GOLDS[randomInt(rng, 0, GOLDS.length - 1)]! });
  }
  // Answers as models write them, whole.
  for (const gold of GOLDS) {
    for (const ending of [`The answer is ${gold}.`, `The answer is ${gold}`, `The answer is $${gold}.00.`, `#### ${gold}`, `**${gold}**`, `\\boxed{${gold}}.\n\nQ: next`]) {
      cases.push({ response: `Step: 3 + 4 = 7 and 1,000 more.\n${ending}`, gold });
    }
  }
  return cases;
}

function python(cases: Case[]): Array<Record<string, string | boolean>> {
  const run = spawnSync('python3', [SCRIPT], { input: cases.map((c) => JSON.stringify(c)).join('\n'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error !== undefined) throw new Error(`python3 is needed for this test (apt-get install -y python3): ${run.error.message}`);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, string | boolean>);
}

describe('lm-eval rules and Python agree', () => {
  it('on every generated answer: the filtered match, its normalised form, and the verdict', () => {
    const cases = corpus(4000);
    const expected = python(cases);
    expect(expected).toHaveLength(cases.length);
    const disagreements: string[] = [];
    cases.forEach((c, i) => {
      const scored = scoreAll(gsm8kInput(c.response), c.gold);
      for (const [rule, key] of [['lm-eval-strict', 'strict'], ['lm-eval-flexible', 'flexible']] as const) {
        const want = expected[i]!;
        const invalid = want[key] === '[invalid]';
        const got = scored[rule];
        const answer = invalid ? null : want[`${key}_normalised`];
        if (got.answer !== answer || got.correct !== want[`${key}_correct`]) {
          disagreements.push(`${JSON.stringify(c)} ${rule}: ${JSON.stringify(got.answer)} ${got.correct}, Python ${JSON.stringify(answer)} ${String(want[`${key}_correct`])}`);
        }
      }
    });
    expect(disagreements).toEqual([]);
  });

  it('reads answers on both sides of the corpus: some found, some invalid, some correct', () => {
    const outcomes = new Set(corpus(4000).map((c) => {
      const { answer } = extract('lm-eval-strict', gsm8kInput(c.response));
      return answer === null ? 'invalid' : 'found';
    }));
    expect([...outcomes].sort()).toEqual(['found', 'invalid']);
  });
});
