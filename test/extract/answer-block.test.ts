// The answer block ends where the model starts a new question.
import { describe, expect, it } from 'vitest';
import { answerBlock } from '../../src/extract/index.js';

describe('answerBlock', () => {
  it.each([
    ['no next question', 'He has 5. The answer is 5.', 'He has 5. The answer is 5.'],
    ['next question after a blank line', 'The answer is 5.\n\nQ: Tom has 3.\nA: The answer is 7.', 'The answer is 5.\n'],
    ['next question on the next line', 'The answer is 5.\nQ: more', 'The answer is 5.'],
    ['next question with the reference prompt\'s leading space', 'The answer is 5.\n\n Q: more', 'The answer is 5.\n'],
    ['answer that starts with the next question', '\nQ: more', ''],
    ['Q: inside a line is not a new question', 'See Q: above. The answer is 5.', 'See Q: above. The answer is 5.'],
    ['a line starting with another word and Q', 'The answer is 5.\nSo Q: is moot', 'The answer is 5.\nSo Q: is moot'],
    ['empty answer', '', ''],
  ])('%s', (_name, answer, block) => {
    expect(answerBlock(answer)).toBe(block);
  });
});
