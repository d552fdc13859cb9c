// The simulator's tokenizer: token boundaries, exact round trips, and stable ids.
import { describe, expect, it } from 'vitest';
import { countTokens, tokenId, tokenize } from '../../src/simulate/tokenizer.js';

describe('tokenize', () => {
  it.each([
    ['', []],
    ['Hello world', ['Hello', ' world']],
    ['The answer is 18.', ['The', ' answer', ' is', ' 18', '.']],
    ['21 - 15 = 6', ['21', ' -', ' 15', ' =', ' 6']],
    ["Let's go", ['Let', "'", 's', ' go']],
    ['9.\n\nQ: x', ['9', '.', '\n', '\n', 'Q', ':', ' x']],
    ['  two spaces', ['  two', ' spaces']],
    ['ends with space ', ['ends', ' with', ' space', ' ']],
    ['tab\tand\r\nline', ['tab', '\tand', '\r\n', 'line']],
    ['Janet’s café 🙂!', ['Janet', '’', 's', ' café', ' 🙂', '!']],
    ['$1,200', ['$', '1', ',', '200']],
  ])('%j', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
    expect(countTokens(text)).toBe(tokens.length);
  });

  it('joins back to the text exactly, whatever the text', () => {
    const texts = ['A: \n\n  Q:  x\t\ty  ', '\u00a0non-breaking\u00a0space', 'mixed 12.5% (a) [b] {c} — end…', '\n\n\n'];
    for (const text of texts) expect(tokenize(text).join('')).toBe(text);
  });
});

describe('tokenId', () => {
  it('is stable, non-negative, below 2^31, and tells common tokens apart', () => {
    expect(tokenId(' answer')).toBe(tokenId(' answer'));
    const ids = ['The', ' The', 'the', ' answer', '.', '\n', 'Q', ':'].map(tokenId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(Number.isInteger(id)).toBe(true);
      expect(id).toBeGreaterThanOrEqual(0);
      expect(id).toBeLessThan(2 ** 31);
    }
  });
});
