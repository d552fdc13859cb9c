import { describe, expect, it } from 'vitest';
import { cutTeacherText, guidanceFromDecoded } from '../../src/cell/guidance.js';
import { pythonStrip } from '../../src/util/python-strip.js';
import type { TeacherRecord } from '../../src/results/records.js';

function record(text: string, ends: number[] | null, at: Array<number | null> = []): TeacherRecord {
  return {
    type: 'teacher', pass: 't-1', item: 'gsm8k-0', index: 0, promptSha256: 'x', text,
    tokens: ends ? { end: ends, at: ends.map((_, i) => at[i] ?? null) } : null,
    promptTokens: 10, completionTokens: ends?.length ?? 3, finishReason: 'length', responseModel: 'm',
    timing: null, batch: null, attempts: 1, cached: false, error: null,
  };
}

describe('guidanceFromDecoded (the reference code: text after the last "\\nA:", stripped)', () => {
  it.each([
    ['the teacher prompt ends the text', 'Q: x\nA: 6.\n\n Q: y\nA:  There are 15 trees. ', 'There are 15 trees.'],
    ['the teacher invented another question', 'Q: y\nA: So 5. The answer is 5.\n\nQ: z?\nA: First, ', 'First,'],
    ['no "\\nA:" at all', '  plain text \n', 'plain text'],
    ['an empty answer', 'Q: y\nA: ', ''],
    ['"A:" without a newline before it is not a boundary', 'Q: y\nA: the A: marker', 'the A: marker'],
  ])('%s', (_what, decoded, expected) => {
    expect(guidanceFromDecoded(decoded)).toBe(expected);
  });

  it('strips what Python strips, and keeps what Python keeps', () => {
    expect(pythonStrip('\u00a0\u2003 text \u3000\x1c')).toBe('text');
    expect(pythonStrip('\ufefftext\u200b')).toBe('\ufefftext\u200b');
  });
});

describe('cutTeacherText', () => {
  const text = 'There are 15 trees originally.';
  //            'There' ' are' ' 15' ' trees' ' originally' '.'
  const ends = [5, 9, 12, 18, 29, 30];
  const at = [100, 110, 120, 130, 140, 150];

  it('cuts at the reported boundary of token k and takes its arrival time', () => {
    expect(cutTeacherText(record(text, ends, at), 3)).toEqual({ raw: 'There are 15', tokens: 3, readyAt: 120, derived: true });
  });

  it('k at or past the end keeps the whole completion', () => {
    expect(cutTeacherText(record(text, ends, at), 6)).toEqual({ raw: text, tokens: 6, readyAt: 150, derived: false });
    expect(cutTeacherText(record(text, ends, at), 40)).toMatchObject({ raw: text, tokens: 6 });
  });

  it('without boundaries (an exact pass) the whole completion is the guidance', () => {
    expect(cutTeacherText(record(text, null), 3)).toEqual({ raw: text, tokens: 3, readyAt: null, derived: false });
  });
});
