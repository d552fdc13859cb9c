// Phase wall time from segment records, and the teacher time for a shorter guidance derived from token arrivals.
import { describe, expect, it } from 'vitest';
import { phaseClock, phaseSpans } from '../../src/report/segments.js';
import { PassTally } from '../../src/report/teacher-time.js';
import { segments, teacherRecord } from './builders.js';
import type { TeacherPass } from '../../src/plan/types.js';
import type { Batching } from '../../src/vocabulary.js';
import type { RequestTiming, SegmentRecord, TeacherRecord } from '../../src/results/records.js';

const at = (session: string, event: 'start' | 'end', ms: number): SegmentRecord => ({ type: 'segment', session, event, at: ms, wall: '' });
const timing = (session: string, start: number, end: number): RequestTiming => ({ session, start, end, firstToken: null });

describe('phaseSpans and phaseClock', () => {
  it('adds the spans of every session and shard', () => {
    const spans = phaseSpans([...segments('a', 100, 1100), ...segments('b', 5, 2005)], []);
    expect(phaseClock(spans)).toEqual({ seconds: 3, spans: 2, interrupted: 0, sessions: 2 });
  });

  it('ends a killed session at its last request, and a resumed one again at its own end', () => {
    const records = [at('a', 'start', 0), at('a', 'start', 10_000), at('a', 'end', 10_500), at('b', 'start', 0)];
    const timings = [timing('a', 100, 700), timing('a', 200, 900), timing('a', 10_100, 10_400), timing('b', 50, 450)];
    const spans = phaseSpans(records, timings);
    expect(spans).toEqual([
      { session: 'a', start: 0, end: 900, interrupted: true },
      { session: 'a', start: 10_000, end: 10_500, interrupted: false },
      { session: 'b', start: 0, end: 450, interrupted: true },
    ]);
    expect(phaseClock(spans)).toMatchObject({ seconds: 1.85, interrupted: 2, sessions: 2 });
  });

  it('has no time without segments', () => {
    expect(phaseClock(phaseSpans([], [])).seconds).toBeNull();
  });
});

function pass(batching: Batching, maxTokens = 40, boundaries: TeacherPass['boundaries'] = 'tokens'): TeacherPass {
  return {
    id: 'p', dataset: { name: 'gsm8k', sha256: 'a' }, prompt: { format: 'reference', shots: 8, sha256: 'b' }, model: { name: 't', model: 't' },
    projection: 'cutoff', maxTokens, serves: [10, 40], batching, sampling: { temperature: 0.8, topP: 0.9 }, mode: 'faithful', seed: 0, boundaries,
  };
}

/** A streamed request of 40 tokens, token k arriving at k ms after its start. */
function streamed(item: string, start: number, batch: number | null, batchStart: number): TeacherRecord {
  return {
    ...teacherRecord('p', item),
    tokens: { end: Array.from({ length: 40 }, (_, i) => i + 1), at: Array.from({ length: 40 }, (_, i) => i + 1) },
    timing: { session: 's', start, end: start + 40, firstToken: start + 1 },
    batch: batch === null ? null : { index: batch, start: batchStart },
  };
}

describe('teacherPhaseTime', () => {
  const records = [streamed('a', 0, 0, 0), streamed('b', 2, 0, 0), streamed('c', 100, 1, 100), streamed('d', 105, 1, 100)];
  // The pass's records as a report reads them: streamed into a tally of the lengths it serves.
  const data = (batching: Batching, overrides: Partial<TeacherPass> = {}, recs = records) => {
    const served = { ...pass(batching), ...overrides };
    const tally = new PassTally(served, served.serves);
    for (const segment of segments('s', 0, 200)) tally.segment(segment);
    for (const record of recs) tally.add(record);
    return tally;
  };

  it('measures the pass\'s own length from its segments', () => {
    expect(data({ kind: 'static', size: 2 }).time(40)).toMatchObject({ seconds: 0.2, source: 'measured' });
  });

  it('derives a static pass\'s time for 10 tokens from when each batch\'s slowest request had its 10th token', () => {
    // Batch 0: 2 + 10 = 12 ms after its start; batch 1: 105 + 10 − 100 = 15 ms.
    expect(data({ kind: 'static', size: 2 }).time(10)).toMatchObject({ seconds: 0.027, source: 'derived' });
  });

  it('derives a serial pass\'s time as the sum of each request\'s time to its 10th token', () => {
    expect(data({ kind: 'serial' }).time(10)).toMatchObject({ seconds: 0.04, source: 'derived' });
  });

  it('derives a continuous pass\'s time by replaying each request\'s time to its 10th token on its slots', () => {
    // Four slots, four requests of 10 ms each to token 10: a 10-token pass holds each slot 10 ms.
    expect(data({ kind: 'continuous', size: 4 }).time(10)).toMatchObject({ seconds: 0.01, source: 'derived' });
  });

  it('lets a shorter continuous pass start each request once a slot has its k tokens, not its N', () => {
    // Two slots, four requests of 40 tokens at 1 ms a token: the last two waited 40 ms for a slot. A
    // 10-token pass frees the slots after 10 ms, so it takes 20 ms, not the 50 ms to the last 10th token.
    const queued = [streamed('a', 0, null, 0), streamed('b', 0, null, 0), streamed('c', 40, null, 0), streamed('d', 40, null, 0)];
    expect(data({ kind: 'continuous', size: 2 }, {}, queued).time(10)).toMatchObject({ seconds: 0.02, source: 'derived' });
  });

  it('shows the measured time, marked, when the responses carry no arrival times', () => {
    const unstreamed = records.map((r) => ({ ...r, tokens: { end: r.tokens!.end, at: r.tokens!.at.map(() => null) } }));
    expect(data({ kind: 'static', size: 2 }, {}, unstreamed).time(10)).toMatchObject({
      seconds: 0.2, source: 'not-derivable', reason: 'the responses were not streamed, so token arrival times are unknown',
    });
  });

  it('measures an exact pass for its one length', () => {
    expect(data({ kind: 'static', size: 2 }, { boundaries: 'exact', maxTokens: 10 }).time(10)).toMatchObject({ seconds: 0.2, source: 'measured' });
  });
});
