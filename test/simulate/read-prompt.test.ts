// Reading prompts: the test question, what follows `A:`, and the projection instruction.
import { describe, expect, it } from 'vitest';
import { readPrompt } from '../../src/simulate/read-prompt.js';

const EXEMPLAR = 'Q: Sam has 4 apples.\nA: So 4. The answer is 4.\n\n';

describe('readPrompt', () => {
  it.each([
    ['reference, no guidance', `${EXEMPLAR} Q: How many?\nA: `, 'plain', 'How many?', ' '],
    ['Wei, no guidance', `${EXEMPLAR}Q: How many?\nA:`, 'plain', 'How many?', ''],
    ['with guidance', `${EXEMPLAR} Q: How many?\nA: Let us solve`, 'plain', 'How many?', ' Let us solve'],
    [
      'guidance running into an invented question',
      `${EXEMPLAR} Q: How many?\nA: The answer is 3.\n\nQ: Mia has 5`,
      'plain',
      'How many?',
      ' The answer is 3.\n\nQ: Mia has 5',
    ],
    ['concise teacher', `Provide the answer in a brief manner: ${EXEMPLAR} Q: How many?\nA: `, 'concise', 'How many?', ' '],
    ['hint teacher', `Provide a brief hint for the question: ${EXEMPLAR} Q: How many?\nA: `, 'hint', 'How many?', ' '],
    ['no Q/A framing', 'Tell me a story.', 'plain', 'Tell me a story.', ''],
    ['instruction without framing', 'Provide a brief hint for the question: Why?', 'hint', 'Why?', ''],
    ['an answer without a Q:', 'How many?\nA: ', 'plain', 'How many?', ' '],
  ])('%s', (_name, prompt, style, question, written) => {
    expect(readPrompt(prompt)).toEqual({ style, question, written });
  });
});
