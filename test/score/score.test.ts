// Scoring: numeric and letter equality for strict and flexible, the reference code's comparison for reference.
import { describe, expect, it } from 'vitest';
import { isCorrect, scoreAll } from '../../src/score/score.js';
import { createRng, randomInt } from '../../src/util/rng.js';
import { csqaInput, gsm8kInput } from '../extract/helpers.js';

describe('isCorrect, gsm8k', () => {
  it.each([
    ['18', '18', true],
    ['18.0', '18', true],
    ['18.00', '18', true],
    ['018', '18', true],
    ['1450000', '1450000', true],
    ['1,450,000', '1450000', true],
    ['-3', '-3', true],
    ['\u22123', '-3', true],
    ['3', '-3', false],
    ['0.5', '0.50', true],
    ['0.5', '1', false],
    ['17', '18', false],
    ['12345678901234567890', '12345678901234567891', false],
    ['eighteen', '18', false],
    [null, '18', false],
  ])('%j against gold %j → %s', (answer, gold, correct) => {
    expect(isCorrect('gsm8k', answer, gold)).toBe(correct);
  });
});

describe('isCorrect, csqa', () => {
  it.each([
    ['B', 'B', true],
    ['b', 'B', true],
    ['C', 'B', false],
    ['F', 'B', false],
    [null, 'B', false],
  ])('%j against gold %j → %s', (answer, gold, correct) => {
    expect(isCorrect('csqa', answer, gold)).toBe(correct);
  });
});

describe('scoreAll', () => {
  it('scores every rule and keeps its evidence', () => {
    const scored = scoreAll(gsm8kInput('He has 18 apples. The answer is 18.'), '18');
    expect(scored.reference).toEqual({ rule: 'reference', answer: '18', fired: 'last-integer', matched: '18', fallback: false, correct: true });
    expect(scored.strict).toEqual({ rule: 'strict', answer: '18', fired: 'answer-is', matched: 'The answer is 18', fallback: false, correct: true });
    expect(scored.flexible.correct).toBe(true);
  });

  it('never credits the reference rule with a negative gold', () => {
    const scored = scoreAll(gsm8kInput('The answer is -3.'), '-3');
    expect(scored.reference).toMatchObject({ answer: '3', correct: false });
    expect(scored.strict).toMatchObject({ answer: '-3', correct: true });
    expect(scored.flexible).toMatchObject({ answer: '-3', correct: true });
  });

  it('scores the reference rule by integers: a decimal answer is read as its last digits', () => {
    const scored = scoreAll(gsm8kInput('The answer is 2.5.'), '2.5');
    expect(scored.reference).toMatchObject({ answer: '5', correct: false });
    expect(scored.strict).toMatchObject({ answer: '2.5', correct: true });
  });

  it('compares long integers exactly under every rule', () => {
    const gold = '123456789012345678901234567891';
    const scored = scoreAll(gsm8kInput('The answer is 123456789012345678901234567890.'), gold);
    expect(scored.reference.correct).toBe(false);
    expect(scored.strict.correct).toBe(false);
    expect(scoreAll(gsm8kInput(`The answer is ${gold}.`), gold).reference.correct).toBe(true);
  });

  it('credits a lucky random fallback, as the reference code did, and flags it', () => {
    const seed = 8;
    const drawn = String(randomInt(createRng(seed), 0, 100));
    const scored = scoreAll(gsm8kInput('No idea. The answer is none. The answer is none.', { fallbackSeed: seed }), drawn);
    expect(scored.reference).toMatchObject({ answer: drawn, fallback: true, correct: true });
    expect(scored.strict).toMatchObject({ answer: null, correct: false });
  });

  it('scores csqa letters, with the reference rule case-sensitive', () => {
    const scored = scoreAll(csqaInput('The answer is B.'), 'B');
    expect(scored.reference).toMatchObject({ answer: 'B', correct: true });
    expect(scored.strict).toMatchObject({ answer: 'B', correct: true });
    const wrong = scoreAll(csqaInput('The answer is (C).'), 'B');
    expect(wrong.strict).toMatchObject({ answer: 'C', correct: false });
    expect(wrong.flexible).toMatchObject({ answer: 'C', correct: false });
  });

  it('marks a no-answer wrong under strict and flexible', () => {
    const scored = scoreAll(csqaInput('Hard to say.'), 'B');
    expect(scored.strict).toMatchObject({ answer: null, fired: 'none', correct: false });
    expect(scored.flexible).toMatchObject({ answer: null, fired: 'none', correct: false });
  });
});
