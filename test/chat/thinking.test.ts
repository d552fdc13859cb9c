// Thinking segments: where thinking ends and the answer starts, and the text that reopens a turn in either.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MARKERS as M, closeThinking, splitReply, startsInside, turnText } from '../../src/chat/thinking.js';

describe('startsInside', () => {
  it('is true when the prompt opened a segment it did not close', () => {
    expect(startsInside('<｜Assistant｜><think>\n', M)).toBe(true);
    expect(startsInside('<|im_start|>assistant\n', M)).toBe(false);
    expect(startsInside('<|im_start|>assistant\n<think>\n\n</think>\n\n', M)).toBe(false);
  });
});

describe('splitReply', () => {
  it.each([
    ['opened in the reply', '<think>\nAdd them.\n</think>\n\nThe answer is 5.', false, '\nAdd them.\n', true, '\n\nThe answer is 5.'],
    ['opened after white space', '\n<think>x</think>y', false, 'x', true, 'y'],
    ['opened by the prompt', 'Add them.\n</think>\n\nSo 5.', true, 'Add them.\n', true, '\n\nSo 5.'],
    ['still open when the tokens ran out', '<think>\nAdd', false, '\nAdd', false, ''],
    ['no segment: all answer', 'The answer is 5.', false, null, false, 'The answer is 5.'],
    ['a marker the answer only mentions', 'Models write <think> first.', false, null, false, 'Models write <think> first.'],
  ])('%s', (_name, reply, inside, thinking, closed, answer) => {
    const split = splitReply(reply, M, inside);
    expect([split.thinking, split.closed, split.answer]).toEqual([thinking, closed, answer]);
    if (split.thinkingAt !== null) expect(reply.slice(split.thinkingAt.start, split.thinkingAt.end)).toBe(thinking);
    expect(reply.slice(split.answerAt)).toBe(answer);
  });

  it('reads other markers', () => {
    expect(splitReply('[THINK]a[/THINK]b', { open: '[THINK]', close: '[/THINK]' }, false)).toMatchObject({ thinking: 'a', answer: 'b' });
  });
});

describe('turnText', () => {
  it('reopens the thinking with the guidance in it, opening the segment unless the prompt did', () => {
    expect(turnText(M, false, 'thinking', 'Okay, 48 / 2')).toBe('<think>\nOkay, 48 / 2');
    expect(turnText(M, true, 'thinking', 'Okay, 48 / 2')).toBe('Okay, 48 / 2');
  });

  it('puts answer guidance after an empty, closed thinking segment', () => {
    expect(turnText(M, false, 'answer', 'She sold 24.')).toBe('<think>\n\n</think>\n\nShe sold 24.');
    expect(turnText(M, true, 'answer', 'She sold 24.')).toBe('\n</think>\n\nShe sold 24.');
  });

  it('closes thinking that ran past its budget', () => {
    expect(closeThinking('<think>\nStill adding', M)).toBe('<think>\nStill adding\n</think>\n\n');
    expect(closeThinking('adding\n', M)).toBe('adding\n</think>\n\n');
  });
});
