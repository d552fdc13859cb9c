// Builders for extraction inputs used across the extraction tests.
import type { ExtractInput } from '../../src/extract/types.js';

/** A reference-format prompt with `answers.length` exemplars, each ending `The answer is {answer}.`. */
export function referencePrompt(answers: string[], question = 'How many are left?'): string {
  const exemplars = answers.map((answer, i) => `Q: Exemplar question ${i}?\nA: Exemplar rationale. The answer is ${answer}.\n\n`).join('');
  return `${exemplars} Q: ${question}\nA: `;
}

export function gsm8kInput(answer: string, overrides: Partial<ExtractInput> = {}): ExtractInput {
  return { dataset: 'gsm8k', prompt: referencePrompt(['6', '5']), answer, shots: 2, fallbackSeed: 1, ...overrides };
}

export function csqaInput(answer: string, overrides: Partial<ExtractInput> = {}): ExtractInput {
  return { dataset: 'csqa', prompt: referencePrompt(['E', 'C']), answer, shots: 2, fallbackSeed: 1, ...overrides };
}
