import { describe, expect, it } from 'vitest';
import { parseJsonl, phaseMs, splitPassFile, teacherTokensPerItem, type PassFile } from '../../bench/run-records.js';
import type { SegmentRecord, TeacherRecord } from '../../src/results/records.js';

const segment = (session: string, event: 'start' | 'end', at: number): SegmentRecord => ({ type: 'segment', session, event, at, wall: '2026-01-01T00:00:00.000Z' });

const teacher = (item: string, completionTokens: number | null): TeacherRecord => ({
  type: 'teacher',
  pass: 't-1',
  item,
  index: 0,
  promptSha256: 'x',
  text: completionTokens === null ? null : 'text',
  tokens: null,
  promptTokens: 900,
  completionTokens,
  finishReason: 'length',
  responseModel: 'm',
  timing: null,
  batch: null,
  attempts: 1,
  cached: false,
  error: completionTokens === null ? { kind: 'server', message: 'HTTP 500', attempts: 4 } : null,
});

describe('parseJsonl and splitPassFile', () => {
  it('sorts a teacher file into header, records and segments', () => {
    const text = [
      JSON.stringify({ type: 'pass', pass: { id: 't-1' }, gkt: '0.1.0' }),
      JSON.stringify(segment('s1', 'start', 10)),
      JSON.stringify(teacher('a', 40)),
      '',
      JSON.stringify(segment('s1', 'end', 30)),
    ].join('\n');
    const file = splitPassFile(parseJsonl(text), 'p.jsonl');
    expect(file.header.pass.id).toBe('t-1');
    expect(file.records.map((r) => r.item)).toEqual(['a']);
    expect(file.segments.map((s) => s.event)).toEqual(['start', 'end']);
  });

  it('refuses a file without a pass header, naming it', () => {
    expect(() => splitPassFile([{ type: 'teacher' }], 'p.jsonl')).toThrow('p.jsonl: the first line is not a pass header');
  });
});

describe('phaseMs', () => {
  it.each([
    ['one session', [segment('s1', 'start', 10), segment('s1', 'end', 25)], 15],
    ['two sessions add up', [segment('s1', 'start', 0), segment('s1', 'end', 5), segment('s2', 'start', 100), segment('s2', 'end', 107)], 12],
    ['a session killed before its end counts nothing', [segment('s1', 'start', 0), segment('s2', 'start', 50), segment('s2', 'end', 60)], 10],
    ['no segments', [], 0],
  ])('%s', (_name, segments, expected) => {
    expect(phaseMs(segments)).toBe(expected);
  });
});

describe('teacherTokensPerItem', () => {
  const pass = (records: TeacherRecord[]): PassFile => ({ header: { type: 'pass', format: 2, pass: {} as PassFile['header']['pass'], gkt: '0' }, records, segments: [] });

  it('sums every pass, over the items', () => {
    expect(teacherTokensPerItem([pass([teacher('a', 10), teacher('b', 10)]), pass([teacher('a', 40), teacher('b', 40)])], 2)).toBe(50);
  });

  it('keeps a failed item in the denominator', () => {
    expect(teacherTokensPerItem([pass([teacher('a', 40), teacher('b', null)])], 2)).toBe(20);
  });
});
