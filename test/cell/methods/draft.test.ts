// A hand-off answer as it grows: the mode's stops found across segments, and the teacher's tokens past a step end.
import { describe, expect, it } from 'vitest';
import { Draft } from '../../../src/cell/methods/draft.js';
import type { Written } from '../../../src/cell/methods/writer.js';
import type { AnswerSegment } from '../../../src/results/method-records.js';

/** A segment of `pieces` (its tokens), as a request that returned them would make it. */
function add(draft: Draft, role: AnswerSegment['role'], pieces: string[], withBoundaries = true): void {
  let end = 0;
  const tokens = pieces.map((piece) => ({ end: (end += piece.length), at: null }));
  const text = pieces.join('');
  const written: Written = {
    promptSha256: `p${draft.segments.length}`,
    generation: { text, finishReason: 'length', promptTokens: 10, completionTokens: pieces.length, responseModel: 'm', tokens: withBoundaries ? tokens : null, start: 0, end: 1, firstTokenAt: null, attempts: 1, cached: false },
  };
  const segment: AnswerSegment = {
    role, text, tokens: pieces.length, generated: pieces.length, counted: withBoundaries ? 'boundaries' : 'usage', end: 'turn',
    promptTokens: 10, completionTokens: pieces.length, finishReason: 'length', responseModel: 'm', timing: { session: 's', start: 0, end: 1, firstToken: null }, attempts: 1, cached: false,
  };
  draft.add(segment, written);
}

describe('Draft', () => {
  it('cuts at a stop that begins in one model\'s segment and ends in the other\'s, keeping what was paid for', () => {
    const draft = new Draft();
    add(draft, 'teacher', [' The', ' answer', ' is', ' 8', '.', '\n']);
    expect(draft.cutAtStop(['\nQ:'])).toBe(false);
    add(draft, 'student', ['Q', ':', ' Next']);
    expect(draft.cutAtStop(['\nQ:', '\n Q:'])).toBe(true);
    expect(draft.answer).toBe(' The answer is 8.');
    const [teacher, student] = draft.done('stop').trace.segments;
    expect(teacher).toMatchObject({ text: ' The answer is 8.', tokens: 5, generated: 6, end: 'stop' });
    expect(student).toMatchObject({ text: '', tokens: 0, generated: 3, end: 'stop' });
    const trace = draft.done('stop').trace;
    expect(trace.tokens).toEqual({ teacher: 5, student: 0, total: 5 });
    expect(trace.generated).toEqual({ teacher: 6, student: 3 });
  });

  it('keeps a server\'s count for a segment it cannot cut by boundaries', () => {
    const draft = new Draft();
    add(draft, 'teacher', [' So', ' 8', '.', '\n'], false);
    add(draft, 'student', ['Q', ':']);
    expect(draft.cutAtStop(['\nQ:'])).toBe(true);
    expect(draft.segments[0]).toMatchObject({ text: ' So 8.', tokens: 4, counted: 'usage' });
  });

  it('counts the teacher\'s tokens past the last step end of its own run', () => {
    const draft = new Draft();
    add(draft, 'student', [' work', 's', ' out', ' to', ' 5']);
    add(draft, 'teacher', ['.', ' Then', ' we', ' add']);
    expect(draft.tokensSinceStepEnd(['. ', '\n'])).toBe(3);
    add(draft, 'teacher', [' 3', '.']);
    // A run that ends with a step end but its space has ended its step.
    expect(draft.tokensSinceStepEnd(['. '])).toBe(0);
    const mid = new Draft();
    add(mid, 'teacher', [' Then', ' we', ' add']);
    expect(mid.tokensSinceStepEnd(['. ', '\n'])).toBeNull();
  });
});
