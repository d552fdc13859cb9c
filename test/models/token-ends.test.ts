// Token boundaries from logprobs in both shapes: texts, bytes (characters split across tokens), offsets, and misfits.
import { describe, expect, it } from 'vitest';
import { joinPieces, readTokenPieces, tokenEnds, type TokenPieces } from '../../src/models/token-ends.js';

const bytesOf = (s: string) => [...Buffer.from(s, 'utf8')];
const content = (...entries: Array<[string, number[]?]>) => ({
  content: entries.map(([token, bytes]) => ({ token, bytes: bytes ?? bytesOf(token), logprob: -1, top_logprobs: [] })),
});
const legacy = (tokens: string[], text_offset?: number[]) => ({ tokens, token_logprobs: tokens.map(() => -1), text_offset });

describe('readTokenPieces', () => {
  it.each([
    ['null', null],
    ['a string', 'logprobs'],
    ['a list', [1, 2]],
    ['neither shape', { foo: 1 }],
    ['content with an entry lacking its token', { content: [{ bytes: [97] }] }],
    ['legacy with a token that is not text', { tokens: ['a', 3] }],
  ])('%s gives null', (_name, value) => {
    expect(readTokenPieces(value)).toBeNull();
  });

  it('reads the content shape, bytes where they are integers', () => {
    expect(readTokenPieces({ content: [{ token: 'a', bytes: [97] }, { token: 'b', bytes: 'x' }, { token: 'c' }] })).toEqual({
      tokens: ['a', 'b', 'c'],
      bytes: [[97], null, null],
      offsets: null,
      logprobs: [null, null, null],
    });
  });

  it('keeps each token\'s log-probability where it is a finite number, in either shape', () => {
    expect(readTokenPieces({ content: [{ token: 'a', logprob: -0.5 }, { token: 'b', logprob: 'x' }, { token: 'c', logprob: -Infinity }] })?.logprobs).toEqual([-0.5, null, null]);
    expect(readTokenPieces({ tokens: ['a', 'b'], token_logprobs: [-1.25, null] })?.logprobs).toEqual([-1.25, null]);
    expect(readTokenPieces({ tokens: ['a', 'b'], token_logprobs: [-1.25] })?.logprobs).toEqual([-1.25, null]);
    const a = readTokenPieces({ tokens: ['a'], token_logprobs: [-1] })!;
    const b = readTokenPieces({ content: [{ token: 'b', logprob: -2 }] })!;
    expect(joinPieces([a, b]).logprobs).toEqual([-1, -2]);
  });

  it('reads the legacy shape, offsets only when one per token', () => {
    expect(readTokenPieces(legacy(['a', 'b'], [0, 1]))).toEqual({ tokens: ['a', 'b'], bytes: [null, null], offsets: [0, 1], logprobs: [-1, -1] });
    expect(readTokenPieces(legacy(['a', 'b'], [0]))?.offsets).toBeNull();
    expect(readTokenPieces(legacy(['a', 'b']))?.offsets).toBeNull();
  });

  it('joins stream chunks, dropping offsets when any chunk lacks them', () => {
    const a = readTokenPieces(legacy(['a'], [0]))!;
    const b = readTokenPieces(legacy(['b'], [1]))!;
    const c = readTokenPieces(legacy(['c']))!;
    expect(joinPieces([a, b])).toEqual({ tokens: ['a', 'b'], bytes: [null, null], offsets: [0, 1], logprobs: [-1, -1] });
    expect(joinPieces([a, c]).offsets).toBeNull();
  });
});

describe('tokenEnds', () => {
  const cases: Array<[string, string, unknown, number[] | null]> = [
    ['legacy tokens that spell the text', 'The answer is', legacy(['The', ' answer', ' is'], [0, 3, 10]), [3, 10, 13]],
    ['content tokens that spell the text', 'The answer', content(['The'], [' answer']), [3, 10]],
    ['no text and no tokens', '', legacy([], []), []],
    ['a multi-byte character split over two tokens (content bytes)', 'a€b', content(['a'], ['\ufffd', [0xe2, 0x82]], ['\ufffd', [0xac]], ['b']), [1, 1, 2, 3]],
    ['a character outside the BMP split in two (surrogate pair kept whole)', 'x😀', content(['x'], ['\ufffd', [0xf0, 0x9f]], ['\ufffd', [0x98, 0x80]]), [1, 1, 3]],
    ['a whole multi-byte character per token', '€€', content(['€'], ['€']), [1, 2]],
    ['escaped byte tokens placed by their offsets', 'a€b', legacy(['a', 'bytes:\\xe2\\x82', 'bytes:\\xac', 'b'], [20, 21, 22, 22]), [1, 2, 2, 3]],
    ['offsets counted from the completion start', 'a€b', legacy(['a', '\ufffd', '\ufffdb'], [0, 1, 1]), [1, 1, 3]],
    ['offsets where a whole token does not read at its place', 'a€b', legacy(['a', '\ufffd', '\ufffd', 'b'], [0, 1, 2, 3]), null],
    ['offsets of tokens that cover less than the text', 'The answer is 42.', legacy(['The', ' answer', ' is'], [0, 3, 10]), null],
    ['tokens that spell another text, without offsets', 'ac', legacy(['a', 'b']), null],
    ['tokens that cover only part of the text, without offsets', 'abc', legacy(['a', 'b']), null],
    ['content bytes that add up to another length', 'a€', content(['a'], ['\ufffd', [0xe2, 0x82]]), null],
    ['content with a token lacking bytes that does not spell the text', 'a€', { content: [{ token: 'a', bytes: [97] }, { token: '?' }] }, null],
    ['offsets that go backwards', 'abc', legacy(['\ufffd', '\ufffd', '\ufffd'], [0, 2, 1]), null],
    ['offsets past the end of the text', 'ab', legacy(['\ufffd', '\ufffd', '\ufffd'], [0, 1, 5]), null],
    ['the stop string the text was cut at, still among the tokens', 'The answer is 7.', legacy(['The', ' answer', ' is', ' 7.', '\nQ:']), [3, 10, 13, 16]],
    ['a text that ends inside the token that held the stop string', 'The answer is 7.\n', legacy(['The', ' answer', ' is', ' 7.', '\nQ:']), [3, 10, 13, 16, 17]],
  ];
  it.each(cases)('%s', (_name, text, logprobs, expected) => {
    const pieces = readTokenPieces(logprobs) as TokenPieces;
    expect(pieces).not.toBeNull();
    expect(tokenEnds(text, pieces)).toEqual(expected);
  });

  it('lines up pieces joined from stream chunks', () => {
    const chunks = [content(['a'], ['\ufffd', [0xe2]]), content(['\ufffd', [0x82, 0xac]]), content(['!'])].map((c) => readTokenPieces(c)!);
    expect(tokenEnds('a€!', joinPieces(chunks))).toEqual([1, 1, 2, 3]);
  });
});
