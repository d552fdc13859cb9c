// Every way a rule can reach its answer has words for `gkt extract` to print.
import { describe, expect, it } from 'vitest';
import { explainFired } from '../../src/extract/explain.js';
import { extractAll } from '../../src/extract/index.js';
import { RULE_NAMES } from '../../src/vocabulary.js';
import { buildCorpus } from './corpus.js';

describe('explainFired', () => {
  it.each(['gsm8k', 'csqa'] as const)('%s: explains every outcome the corpus produces in words, not the bare name', (dataset) => {
    const seen = new Map<string, string>();
    for (const c of buildCorpus(dataset)) {
      const all = extractAll({ dataset, prompt: c.prompt, answer: c.answer, shots: c.shots, fallbackSeed: 0 });
      for (const rule of RULE_NAMES) seen.set(`${rule} ${all[rule].fired}`, explainFired(dataset, rule, all[rule].fired, c.shots));
    }
    expect(seen.size).toBeGreaterThanOrEqual(7);
    for (const [key, words] of seen) {
      expect(words, key).not.toBe(key.split(' ')[1]);
      expect(words.length, key).toBeGreaterThan(30);
    }
  });

  it('counts the exemplars the reference rule skips', () => {
    expect(explainFired('csqa', 'reference', 'answer-is', 7)).toContain('match 8 of "The answer is [A-Z]"');
    expect(explainFired('gsm8k', 'reference', 'first-integer', 8)).toContain('more than 10 pieces');
    expect(explainFired('gsm8k', 'reference', 'random-fallback', 8)).toContain('0 to 100');
    expect(explainFired('csqa', 'reference', 'random-fallback', 7)).toContain('A to D (never E)');
  });

  it('says a failed request is counted wrong', () => {
    expect(explainFired('gsm8k', 'strict', 'request-failed', 8)).toContain('counted wrong');
    expect(explainFired('csqa', 'flexible', 'teacher-failed', 7)).toContain('teacher request failed');
  });
});
