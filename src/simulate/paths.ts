// The chains of thought a simulated model writes for an item: correct and wrong, in each answer style.
import type { AnswerStyle } from './read-prompt.js';
import type { SimItem } from './sim-item.js';

/**
 * A path: reasoning, then the answer sentence. `answerAt` is where ` The answer is` starts, so a
 * reader can tell whether some text has already committed to the path's answer.
 */
export interface AnswerPath {
  style: AnswerStyle;
  correct: boolean;
  text: string;
  answerAt: number;
}

/** Correct and wrong paths share a short opening (a few tokens), then diverge. */
export function answerPath(item: SimItem, style: AnswerStyle, correct: boolean): AnswerPath {
  const answer = correct ? item.gold : item.wrong;
  const reasoning = item.kind === 'gsm8k' ? gsm8kReasoning(item, style, correct) : csqaReasoning(item, style, correct);
  return { style, correct, text: `${reasoning}${answerSentence(answer)}`, answerAt: reasoning.length };
}

export function answerSentence(answer: string): string {
  return ` The answer is ${answer}.`;
}

/** A sentence that turns the reasoning toward `answer`, used when a model leaves the path its guidance began. */
export function turnSentence(item: SimItem, answer: string): string {
  return item.kind === 'gsm8k'
    ? `Checking that again, the total works out to ${answer}.`
    : `Checking that again, ${choiceText(item, answer)} fits the question best.`;
}

/** A closing sentence for guidance the simulator does not recognise. */
export function closingSentence(item: SimItem, answer: string): string {
  return item.kind === 'gsm8k'
    ? `So the total works out to ${answer}.`
    : `So the answer must be ${choiceText(item, answer)}.`;
}

function gsm8kReasoning(item: SimItem, style: AnswerStyle, correct: boolean): string {
  const numbers = numberList(item.numbers);
  const total = correct ? item.gold : item.wrong;
  switch (style) {
    case 'plain':
      return correct
        ? `Let us solve this step by step. Following each step in order with ${numbers}, we keep track of every quantity the question mentions. Putting the steps together, the total works out to ${total}.`
        : `Let us solve this step by step. Mixing up one of the steps with ${numbers}, we lose track of one quantity the question mentions. Putting the steps together, the total works out to ${total}.`;
    case 'concise':
      return correct
        ? `In brief, following the steps with ${numbers} gives ${total}.`
        : `In brief, mixing up a step with ${numbers} gives ${total}.`;
    case 'hint':
      return correct
        ? `Hint: follow each step in order with ${numbers} and keep track of every quantity. Doing so, the total works out to ${total}.`
        : `Hint: one of the steps with ${numbers} is easy to mix up. Doing so, the total works out to ${total}.`;
  }
}

function csqaReasoning(item: SimItem, style: AnswerStyle, correct: boolean): string {
  const text = choiceText(item, correct ? item.gold : item.wrong);
  switch (style) {
    case 'plain':
      return correct
        ? `Let us look at each choice. Thinking about what the question asks, ${text} fits it better than the other choices. So the answer must be ${text}.`
        : `Let us look at each choice. Taking the question at a quick glance, ${text} seems to fit it well enough. So the answer must be ${text}.`;
    case 'concise':
      return correct ? `In brief, ${text} fits best.` : `In brief, ${text} seems close enough.`;
    case 'hint':
      return correct
        ? `Hint: think about what ${text} is for. So the answer must be ${text}.`
        : `Hint: think about where ${text} is usually found. So the answer must be ${text}.`;
  }
}

function numberList(numbers: string[]): string {
  if (numbers.length === 0) return 'the numbers given';
  if (numbers.length === 1) return numbers[0]!;
  return `${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]!}`;
}

function choiceText(item: SimItem, label: string): string {
  return item.choices.find((c) => c.label === label)?.text || `choice (${label})`;
}
