// A summary's reading of records: texts emptied, scores, times and tokens kept.
import { describe, expect, it } from 'vitest';
import { withoutTexts } from '../../src/report/read-folder.js';
import type { CellLine, ItemRecord } from '../../src/results/records.js';
import { itemRecord } from './builders.js';

describe('withoutTexts', () => {
  it('empties the texts of an item and keeps what its scores, times and tokens are made of', () => {
    const record = itemRecord('c-1', 'gsm8k-3', true, false);
    const slim = withoutTexts(record) as ItemRecord;
    expect(slim.question).toBe('');
    expect(slim.guidance).toMatchObject({ text: '', raw: '', tokens: 4, promptTokens: 100 });
    expect(slim.student).toMatchObject({ text: '', completionTokens: 10, finishReason: 'length' });
    expect({ ...slim, question: record.question, guidance: record.guidance, student: record.student }).toEqual(record);
  });

  it('keeps a failed student as failed, and every other line as it is', () => {
    const failed: ItemRecord = { ...itemRecord('c-1', 'gsm8k-4', false), student: null, error: { kind: 'server', message: 'HTTP 500', attempts: 4, role: 'student' } };
    expect(withoutTexts(failed)).toMatchObject({ student: null, guidance: null, error: failed.error });
    const segment: CellLine = { type: 'segment', session: 's', event: 'start', at: 1, wall: '2026-01-01T00:00:00.000Z' };
    expect(withoutTexts(segment)).toBe(segment);
  });
});
