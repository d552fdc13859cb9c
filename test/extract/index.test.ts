// The extraction entry points: each rule by name, all at once, deterministic, and on guidance alone (ACC_teacher).
import { describe, expect, it } from 'vitest';
import { extract, extractAll } from '../../src/extract/index.js';
import { RULE_NAMES } from '../../src/vocabulary.js';
import { csqaInput, gsm8kInput, referencePrompt } from './helpers.js';

describe('extract and extractAll', () => {
  const inputs = [
    gsm8kInput('He pays $1,234.50. The answer is $1,234.50.'),
    gsm8kInput('No idea. The answer is none. The answer is none.', { fallbackSeed: 99 }),
    csqaInput('The answer is a bank (B).'),
    csqaInput('Unsure.', { fallbackSeed: 5 }),
  ];

  it.each(inputs)('agree rule by rule (%#)', (input) => {
    const all = extractAll(input);
    for (const rule of RULE_NAMES) expect(extract(rule, input)).toEqual(all[rule]);
    expect(Object.keys(all).sort()).toEqual([...RULE_NAMES].sort());
  });

  it.each(inputs)('give the same result every time (%#)', (input) => {
    expect(extractAll({ ...input })).toEqual(extractAll(input));
  });

  it('names the rule in each extraction', () => {
    const all = extractAll(gsm8kInput('The answer is 5.'));
    for (const rule of RULE_NAMES) expect(all[rule].rule).toBe(rule);
  });
});

describe('ACC_teacher: the rules on the guidance alone', () => {
  const prompt = referencePrompt(['6', '5'], 'Natalia sold clips to 48 friends in April, and half as many in May. How many in all?');

  it('finds no answer sentence in a cut-off guidance; flexible takes its last number', () => {
    const all = extractAll({ dataset: 'gsm8k', prompt, answer: 'Natalia sold 48 / 2 = 24 clips in May.', shots: 2, fallbackSeed: 0 });
    expect(all.strict).toMatchObject({ answer: null, fired: 'none' });
    expect(all.flexible).toMatchObject({ answer: '24', fired: 'last-number' });
    expect(all.reference).toMatchObject({ answer: '24', fired: 'last-integer', fallback: false });
  });

  it('reads an answer the guidance already holds', () => {
    const all = extractAll({ dataset: 'gsm8k', prompt, answer: '48 + 24 = 72. The answer is 72.', shots: 2, fallbackSeed: 0 });
    expect(all.strict.answer).toBe('72');
    expect(all.reference.answer).toBe('72');
  });
});
