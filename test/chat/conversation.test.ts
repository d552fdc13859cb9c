// The conversation a chat model gets: exemplars in one user message or as turns, a system prompt, the instruction first.
import { describe, expect, it } from 'vitest';
import { buildConversation, exemplarPairs } from '../../src/chat/conversation.js';
import { templateFromText } from '../../src/prompts/index.js';

const FILE = 'Q: Ann has 3 pens and buys 2. How many?\nA: 3 + 2 = 5. The answer is 5.\n\nQ: Bo has 9 cats and gives 4 away. How many?\nA: 9 - 4 = 5. The answer is 5.\n\n';
const template = templateFromText('gsm8k', 'reference', 2, FILE, 'gsm8k.reference.txt');

describe('exemplarPairs', () => {
  it('splits each block into its question part (up to A:) and its answer', () => {
    expect(exemplarPairs(template.exemplars)).toEqual([
      { question: 'Q: Ann has 3 pens and buys 2. How many?\nA:', answer: '3 + 2 = 5. The answer is 5.' },
      { question: 'Q: Bo has 9 cats and gives 4 away. How many?\nA:', answer: '9 - 4 = 5. The answer is 5.' },
    ]);
  });
});

describe('buildConversation', () => {
  it('one message: the exemplars and the question as a base model sees them, without the trailing space', () => {
    expect(buildConversation(template, 'Cy has 7 hats. How many?', '', { layout: 'one-message', system: null })).toEqual([
      { role: 'user', content: `${FILE}Q: Cy has 7 hats. How many?\nA:` },
    ]);
  });

  it('multi-turn: a user and an assistant turn per exemplar, the system prompt and instruction first', () => {
    const messages = buildConversation(template, 'Cy has 7 hats. How many?', 'Provide a brief hint for the question: ', {
      layout: 'multi-turn',
      system: 'Solve it step by step.',
    });
    expect(messages).toEqual([
      { role: 'system', content: 'Solve it step by step.' },
      { role: 'user', content: 'Provide a brief hint for the question: Q: Ann has 3 pens and buys 2. How many?\nA:' },
      { role: 'assistant', content: '3 + 2 = 5. The answer is 5.' },
      { role: 'user', content: 'Q: Bo has 9 cats and gives 4 away. How many?\nA:' },
      { role: 'assistant', content: '9 - 4 = 5. The answer is 5.' },
      { role: 'user', content: 'Q: Cy has 7 hats. How many?\nA:' },
    ]);
  });

  it('zero shots: the instruction opens the question itself', () => {
    const none = templateFromText('gsm8k', 'reference', 0, FILE, 'f');
    expect(buildConversation(none, 'Cy?', 'Provide the answer in a brief manner: ', { layout: 'multi-turn', system: null })).toEqual([
      { role: 'user', content: 'Provide the answer in a brief manner: Q: Cy?\nA:' },
    ]);
  });
});
