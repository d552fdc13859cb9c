// The answer engine: gold-aware paths at the profile's accuracy, and guidance that moves the odds.
import { describe, expect, it } from 'vitest';
import { correctProbability, planAnswer } from '../../src/simulate/answer.js';
import type { ModelTraits } from '../../src/simulate/answer.js';
import { answerPath } from '../../src/simulate/paths.js';
import { readPrompt } from '../../src/simulate/read-prompt.js';
import { createItemIndex } from '../../src/simulate/sim-item.js';
import { tokenize } from '../../src/simulate/tokenizer.js';
import type { Item } from '../../src/datasets/types.js';
import { csqaItems, firstAnswer, gsm8kItems, promptFor } from './helpers.js';

const items = [...gsm8kItems, ...csqaItems];
const find = createItemIndex(items);
const traits = (accuracy: number): ModelTraits => ({ modelId: 'student', accuracy, helpHorizon: 40 });

function answer(item: Item, guidance: string, accuracy: number, seed = 0): string {
  const reading = readPrompt(promptFor(item, guidance));
  return planAnswer(find(reading.question), reading, traits(accuracy), seed).text(600);
}

/** The first `tokens` tokens of an item's path, as a teacher's guidance would hold them. */
function guidanceOf(item: Item, correct: boolean, tokens: number): string {
  return tokenize(answerPath(find(promptQuestion(item)), 'plain', correct).text).slice(0, tokens).join('').trim();
}

function promptQuestion(item: Item): string {
  return readPrompt(promptFor(item)).question;
}

describe('correctProbability', () => {
  it.each([
    [0.2, 'none', 40, 0.2],
    [0.2, 'neutral', 40, 0.2],
    [0.2, 'correct', 0, 0.2],
    [0.2, 'correct', 20, 0.6],
    [0.2, 'correct', 40, 1],
    [0.2, 'correct', 80, 1],
    [0.2, 'wrong', 20, 0.1],
    [0.2, 'wrong', 40, 0],
  ] as const)('accuracy %d, %s guidance of %d tokens → %d', (accuracy, evidence, tokens, p) => {
    expect(correctProbability(accuracy, evidence, tokens, 40)).toBeCloseTo(p, 10);
  });
});

describe('planAnswer', () => {
  it('with accuracy 1 ends every item with its gold answer; with accuracy 0 none', () => {
    for (const item of items) {
      expect(firstAnswer(answer(item, '', 1))).toBe(item.gold);
      const wrong = firstAnswer(answer(item, '', 0));
      expect(wrong).not.toBeNull();
      expect(wrong).not.toBe(item.gold);
    }
  });

  it('gives the same text for the same prompt and seed, and a text that grows by prefixes', () => {
    const item = gsm8kItems[0]!;
    const reading = readPrompt(promptFor(item));
    const plan = planAnswer(find(reading.question), reading, traits(0.5), 7);
    expect(answer(item, '', 0.5, 7).startsWith(plan.text(100))).toBe(true);
    expect(plan.text(900).startsWith(plan.text(100))).toBe(true);
    expect(plan.text(100).length).toBeGreaterThanOrEqual(100);
  });

  it('shares a short opening between the correct and the wrong path, then diverges', () => {
    for (const item of items) {
      const right = tokenize(answerPath(find(promptQuestion(item)), 'plain', true).text);
      const wrong = tokenize(answerPath(find(promptQuestion(item)), 'plain', false).text);
      const shared = right.findIndex((token, i) => token !== wrong[i]);
      expect(shared).toBeGreaterThanOrEqual(5);
      expect(shared).toBeLessThanOrEqual(10);
      expect(right.length).toBeGreaterThan(25);
    }
  });

  it('treats guidance inside the shared opening as saying nothing', () => {
    const reading = readPrompt(promptFor(gsm8kItems[0]!, 'Let us solve this step'));
    expect(planAnswer(find(reading.question), reading, traits(0.3), 0).evidence).toBe('neutral');
  });

  it('ends correct when the guidance is 40 tokens of the correct path, even at accuracy 0', () => {
    for (const item of items) {
      const text = answer(item, guidanceOf(item, true, 40), 0);
      expect(firstAnswer(`${guidanceOf(item, true, 40)}${text}`)).toBe(item.gold);
    }
  });

  it('ends wrong when the guidance is 40 tokens of the wrong path, even at accuracy 1', () => {
    for (const item of items) {
      const guidance = guidanceOf(item, false, 40);
      expect(firstAnswer(`${guidance}${answer(item, guidance, 1)}`)).not.toBe(item.gold);
    }
  });

  it('raises accuracy with the length of correct guidance', () => {
    // Many seeds over every item: the share of correct answers must climb with the guidance length.
    const share = (tokens: number): number => {
      let correct = 0;
      let total = 0;
      for (const item of items) {
        for (let seed = 0; seed < 40; seed++) {
          const guidance = tokens === 0 ? '' : guidanceOf(item, true, tokens);
          if (firstAnswer(`${guidance}${answer(item, guidance, 0.2, seed)}`) === item.gold) correct++;
          total++;
        }
      }
      return correct / total;
    };
    const shares = [0, 15, 30, 40].map(share);
    expect(shares[0]).toBeLessThan(0.35);
    expect(shares[1]!).toBeGreaterThan(shares[0]!);
    expect(shares[2]!).toBeGreaterThan(shares[1]!);
    expect(shares[3]).toBe(1);
  });

  it('continues the guidance seamlessly when it follows the path it ends on', () => {
    const item = gsm8kItems[1]!;
    const guidance = guidanceOf(item, true, 20);
    const full = answerPath(find(item.question), 'plain', true).text;
    expect(`${guidance}${answer(item, guidance, 1)}`.startsWith(full)).toBe(true);
  });

  it('changes its mind at a sentence boundary when it leaves the guided path', () => {
    const item = gsm8kItems[1]!;
    const reading = readPrompt(promptFor(item, guidanceOf(item, true, 12)));
    // With 12 tokens of correct guidance at accuracy 0, p = 0.3: some seeds still end wrong.
    const plans = Array.from({ length: 20 }, (_, seed) => planAnswer(find(reading.question), reading, traits(0), seed));
    const left = plans.find((plan) => plan.correct === false)!;
    expect(left.evidence).toBe('correct');
    const text = left.text(300);
    expect(text).toMatch(/^ [^.]*\. Checking that again, the total works out to \d+\. The answer is \d+\.\n\nQ: /);
    expect(firstAnswer(text)).toBe(find(item.question).wrong);
    expect(plans.some((plan) => plan.correct === true)).toBe(true);
  });

  it('keeps an answer the guidance already gave', () => {
    const item = csqaItems[0]!;
    const wrongPath = answerPath(find(promptQuestion(item)), 'plain', false).text;
    const text = answer(item, wrongPath, 1);
    expect(text.startsWith('\n\nQ: ')).toBe(true);
    expect(firstAnswer(`${wrongPath}${text}`)).not.toBe(item.gold);
  });

  it('answers an unknown question and unknown guidance without failing', () => {
    const reading = readPrompt('Q: What is the colour of the sky?\nA: It is a deep question');
    const plan = planAnswer(find(reading.question), reading, traits(0.5), 0);
    expect(plan.evidence).toBe('none');
    expect(firstAnswer(plan.text(200))).toMatch(/^\d+$/);
    const ending = readPrompt('Q: Pick one. Answer Choices: (A) up (B) down\nA: The answer is');
    expect(planAnswer(find(ending.question), ending, traits(0.5), 0).text(50)).toMatch(/^ [AB]\.\n\nQ: /);
  });

  it('writes the brief path for a concise teacher and the hint path for a hint teacher', () => {
    const item = gsm8kItems[0]!;
    for (const [instruction, opening] of [
      ['Provide the answer in a brief manner: ', 'In brief,'],
      ['Provide a brief hint for the question: ', 'Hint:'],
    ] as const) {
      const reading = readPrompt(`${instruction}${promptFor(item)}`);
      expect(planAnswer(find(reading.question), reading, traits(1), 0).text(100).startsWith(opening)).toBe(true);
    }
  });

  it('recognises concise guidance in a student prompt', () => {
    const item = gsm8kItems[2]!;
    const concise = answerPath(find(item.question), 'concise', true).text;
    const guidance = tokenize(concise).slice(0, 8).join('');
    const reading = readPrompt(promptFor(item, guidance));
    const plan = planAnswer(find(reading.question), reading, traits(1), 0);
    expect(plan.evidence).toBe('correct');
    expect(`${guidance}${plan.text(100)}`.startsWith(concise)).toBe(true);
  });

  it('depends on the seed only through the draw, and on the model id', () => {
    const item = csqaItems[1]!;
    const texts = new Set<string>();
    for (let seed = 0; seed < 30; seed++) texts.add(answer(item, '', 0.5, seed));
    expect(texts.size).toBe(2);
    const reading = readPrompt(promptFor(item));
    const draws = new Set<boolean | null>();
    for (let m = 0; m < 30; m++) {
      draws.add(planAnswer(find(reading.question), reading, { modelId: `m${m}`, accuracy: 0.5, helpHorizon: 40 }, 0).correct);
    }
    expect(draws).toEqual(new Set([true, false]));
  });
});
