// The reference rule on the real reference exemplars: 8 GSM8K and 7 CSQA shots index the pieces as the paper's code did.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract, extractAll } from '../../src/extract/index.js';
import { sha256 } from '../../src/util/hash.js';
import { packageRoot } from '../../src/util/package-info.js';
import { createRng, randomInt } from '../../src/util/rng.js';
import type { ExtractInput } from '../../src/extract/types.js';

// The published exemplar text (shared/prompts-reference/gkt-*.txt); the hashes pin it byte for byte.
const GSM8K_SHA256 = '3d55795c084e26f6ebb6925833999a44f75c4280eb7ab4d66f9bb940244e4847';
const CSQA_SHA256 = '4076b479784e6bc5bd7b79e89e9f480d6c8180ececdfc567dce50de654b33fab';

const gsm8kExemplars = readFileSync(join(packageRoot, 'prompts', 'gsm8k.reference.txt'), 'utf8');
const csqaExemplars = readFileSync(join(packageRoot, 'prompts', 'csqa.reference.txt'), 'utf8');

function gsm8k(question: string, answer: string, shots = 8): ExtractInput {
  return { dataset: 'gsm8k', prompt: `${gsm8kExemplars} Q: ${question}\nA: `, answer, shots, fallbackSeed: 11 };
}

function csqa(question: string, answer: string, shots = 7): ExtractInput {
  return { dataset: 'csqa', prompt: `${csqaExemplars} Q: ${question}\nA: `, answer, shots, fallbackSeed: 11 };
}

const SPIDER = 'How many legs does a spider have?';
const PENS = 'Tom had 3 pens and bought 4 more. How many pens does he have?';
const BANK = 'Where would you keep money? Answer Choices: (A) pocket (B) bank (C) drawer (D) shoe (E) sock';

describe('the real reference exemplars', () => {
  it('are the published text', () => {
    expect(sha256(gsm8kExemplars)).toBe(GSM8K_SHA256);
    expect(sha256(csqaExemplars)).toBe(CSQA_SHA256);
  });

  it('give 9 pieces for GSM8K and 7 matches for CSQA before the model writes anything', () => {
    expect(`${gsm8kExemplars} Q: ${SPIDER}\nA: `.toLowerCase().split('the answer is')).toHaveLength(9);
    expect([...`${csqaExemplars} Q: ${BANK}\nA: `.matchAll(/The answer is ([A-Z])/g)]).toHaveLength(7);
  });
});

describe('reference rule on the real GSM8K prompt (8 shots)', () => {
  it('reads the last integer after one answer sentence', () => {
    expect(extract('reference', gsm8k(PENS, 'He has 3 + 4 = 7 pens. The answer is 7.'))).toMatchObject({ answer: '7', fired: 'last-integer' });
  });

  it('reads the first integer between the first and second answer sentences', () => {
    const answer = 'The answer is 7.\n\nQ: Ann has 2 cats and gets 2 more.\nA: 2 + 2 = 4. The answer is 4.';
    expect(extractAll(gsm8k(PENS, answer))).toMatchObject({
      reference: { answer: '7', fired: 'first-integer' },
      strict: { answer: '7', fired: 'answer-is' },
      flexible: { answer: '7', fired: 'answer-is' },
    });
  });

  it('reads the last exemplar\'s answer when neither the question nor the model gives a number', () => {
    expect(extract('reference', gsm8k(SPIDER, 'Spiders have many legs.'))).toEqual({
      rule: 'reference',
      answer: '8',
      fired: 'last-integer',
      matched: '8',
      fallback: false,
    });
  });

  it('reads the question\'s last number when the model gives none', () => {
    expect(extract('reference', gsm8k(PENS, 'He has more pens now.'))).toMatchObject({ answer: '4', fired: 'last-integer' });
  });

  it('falls back only when the piece between two answer sentences has no digits', () => {
    const extraction = extract('reference', gsm8k(PENS, 'The answer is seven. The answer is 7.'));
    expect(extraction).toMatchObject({ fired: 'random-fallback', fallback: true, answer: String(randomInt(createRng(11), 0, 100)) });
  });

  it('depends on shots: 7 declared on an 8-exemplar prompt reads the last exemplar\'s answer', () => {
    expect(extract('reference', gsm8k(PENS, 'The answer is 7.', 7))).toMatchObject({ answer: '8', fired: 'first-integer' });
  });
});

describe('reference rule on the real CSQA prompt (7 shots)', () => {
  it('reads the model\'s first match, after the 7 exemplar answers', () => {
    expect(extract('reference', csqa(BANK, 'Money is kept in a bank. The answer is B.'))).toEqual({
      rule: 'reference',
      answer: 'B',
      fired: 'answer-is',
      matched: 'The answer is B',
      fallback: false,
    });
  });

  it('falls back to a seeded letter A–D when the model writes no match', () => {
    const expected = ['A', 'B', 'C', 'D'][randomInt(createRng(11), 0, 3)];
    expect(extract('reference', csqa(BANK, 'So the answer is (b).'))).toMatchObject({ answer: expected, fired: 'random-fallback', fallback: true });
  });

  it('depends on shots: 6 declared on a 7-exemplar prompt reads the last exemplar\'s C', () => {
    expect(extract('reference', csqa(BANK, 'The answer is B.', 6))).toMatchObject({ answer: 'C', fired: 'answer-is' });
  });
});
