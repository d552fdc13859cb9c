// What a failed server said, in its own words, with keys taken out before anything is cut.
import { describe, expect, it } from 'vitest';
import { redact, serverWords } from '../../src/models/server-words.js';

describe('redact', () => {
  it.each([
    ['key sk-test-123456 leaked', ['sk-test-123456'], 'key [redacted] leaked'],
    ['twice: ab12 ab12', ['ab12'], 'twice: [redacted] [redacted]'],
    ['short keys are left alone: abc', ['abc'], 'short keys are left alone: abc'],
    ['nothing to hide', [], 'nothing to hide'],
  ])('%s', (text, secrets, expected) => {
    expect(redact(text, secrets)).toBe(expected);
  });
});

describe('serverWords', () => {
  it('takes a key out before cutting long words, so no part of it is left at the cut', () => {
    const key = 'sk-gkt-0123456789abcdefghijklmnop';
    const body = { error: { message: `${'x'.repeat(478)} bad key ${key} given` } };
    const words = serverWords(body, undefined, [key]) ?? '';
    expect(words.length).toBeLessThanOrEqual(500);
    expect(words).not.toContain(key.slice(0, 8));
  });

  it.each([
    [{ error: { message: 'context too long' } }, 'context too long'],
    [{ error: 'Input validation error' }, 'Input validation error'],
    [{ object: 'error', message: 'maximum context length is 4096' }, 'maximum context length is 4096'],
    [{ detail: 'Not Found' }, 'Not Found'],
    [{}, null],
  ])('reads %j', (body, expected) => {
    expect(serverWords(body, undefined, [])).toBe(expected);
  });
});
