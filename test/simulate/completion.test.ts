// Cutting a continuation to max_tokens and at the first stop, with token counts as servers report them.
import { describe, expect, it } from 'vitest';
import { generateText } from '../../src/simulate/completion.js';
import { tokenLogprob } from '../../src/simulate/logprobs.js';

const TEXT = ' It is 9.\n\nQ: Next one?\nA: So 3. The answer is 3.\n\nQ: More?';
/** Like a plan's text: a fixed string, repeated so that any length asked for exists. */
const source = (minChars: number): string => TEXT.repeat(Math.ceil((minChars + 1) / TEXT.length));

describe('generateText', () => {
  it.each([1, 2, 5, 13, 40, 200])('returns exactly %d tokens without a stop', (maxTokens) => {
    const generated = generateText(source, maxTokens, []);
    expect(generated.pieces).toHaveLength(maxTokens);
    expect(generated.completionTokens).toBe(maxTokens);
    expect(generated.pieces.join('')).toBe(generated.text);
    expect(source(10_000).startsWith(generated.text)).toBe(true);
    expect(generated.finishReason).toBe('length');
  });

  it('cuts before the first stop and counts the tokens that held it', () => {
    const generated = generateText(source, 100, ['\nQ:']);
    expect(generated).toEqual({
      text: ' It is 9.\n',
      pieces: [' It', ' is', ' 9', '.', '\n'],
      completionTokens: 8,
      finishReason: 'stop',
      logprobs: [' It', ' is', ' 9', '.', '\n'].map((piece) => tokenLogprob(piece)),
    });
  });

  it('uses the stop that completes first', () => {
    expect(generateText(source, 100, ['Next one', '9.']).text).toBe(' It is ');
    expect(generateText(source, 100, ['The answer', '\n\n']).text).toBe(' It is 9.');
  });

  it('splits the token a stop begins inside, so the pieces still join to the text', () => {
    const generated = generateText(source, 100, ['s 9']);
    expect(generated.text).toBe(' It i');
    expect(generated.pieces).toEqual([' It', ' i']);
    expect(generated.completionTokens).toBe(3);
  });

  it('ignores a stop past max_tokens and empty stops', () => {
    expect(generateText(source, 3, ['\nQ:', '']).finishReason).toBe('length');
    expect(generateText(source, 3, ['\nQ:', '']).text).toBe(' It is 9');
  });

  it('returns empty text when the stop comes first', () => {
    expect(generateText(source, 10, [' It'])).toEqual({ text: '', pieces: [], completionTokens: 1, finishReason: 'stop', logprobs: [] });
  });
});
