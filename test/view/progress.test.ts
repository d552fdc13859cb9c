// The dashboard's rates, ETA and last activity, from segment and request times as a run writes them.
import { describe, expect, it } from 'vitest';
import { dashboard, phaseProgress, type PhaseInput } from '../../src/view/progress.js';
import type { RequestTiming, SegmentRecord } from '../../src/results/records.js';

const WALL = Date.parse('2026-01-01T10:00:00.000Z');
const segment = (session: string, event: 'start' | 'end', at: number, wallMs: number): SegmentRecord => ({
  type: 'segment', session, event, at, wall: new Date(WALL + wallMs).toISOString(),
});
const timing = (session: string, start: number, end: number): RequestTiming => ({ session, start, end, firstToken: null });

function phase(change: Partial<PhaseInput>): PhaseInput {
  return { kind: 'cell', id: 'c', label: 'c', planned: 10, done: 0, errors: 0, segments: [], timings: [], ...change };
}

describe('phaseProgress', () => {
  it('rates the latest session from its segment start to its last request end, and puts the last record on the wall clock', () => {
    const p = phaseProgress(phase({
      done: 4,
      // An earlier session did two items; the latest (another process, another clock) did two in 4 s.
      segments: [segment('old', 'start', 50, -60_000), segment('old', 'end', 900, -59_000), segment('new', 'start', 1000, 0)],
      timings: [timing('old', 100, 200), timing('old', 300, 800), timing('new', 1500, 3000), timing('new', 3100, 5000)],
    }));
    expect(p.rate).toBeCloseTo(0.5);
    expect(p.open).toBe(true);
    expect(p.etaSeconds).toBeCloseTo(12);
    expect(p.lastActivity).toBe(new Date(WALL + 4000).toISOString());
  });

  it('gives no rate from fewer than two requests, and no ETA for a phase nobody is working on', () => {
    const one = phaseProgress(phase({ segments: [segment('s', 'start', 0, 0)], timings: [timing('s', 0, 10)] }));
    expect(one.rate).toBeNull();
    const closed = phaseProgress(phase({ done: 2, segments: [segment('s', 'start', 0, 0), segment('s', 'end', 50, 50)], timings: [timing('s', 0, 10), timing('s', 10, 20)] }));
    expect(closed.open).toBe(false);
    expect(closed.etaSeconds).toBeNull();
    expect(phaseProgress(phase({})).lastActivity).toBeNull();
  });
});

describe('dashboard', () => {
  it("sums phases; the sweep's rate is the latest session's over the phases it worked on, and its ETA covers every phase left", () => {
    const board = dashboard([
      phase({ id: 'teacher', kind: 'pass', planned: 10, done: 10, segments: [segment('s', 'start', 0, 0), segment('s', 'end', 5000, 5000)], timings: Array.from({ length: 10 }, (_, i) => timing('s', i * 500, (i + 1) * 500)) }),
      phase({ id: 'student', planned: 10, done: 5, errors: 1, segments: [segment('s', 'start', 5000, 5000)], timings: Array.from({ length: 5 }, (_, i) => timing('s', 5000 + i * 1000, 6000 + i * 1000)) }),
      phase({ id: 'baseline', planned: 10 }),
    ]);
    expect(board).toMatchObject({ planned: 30, done: 15, errors: 1 });
    // 15 requests in 5 s + 5 s.
    expect(board.rate).toBeCloseTo(1.5);
    expect(board.etaSeconds).toBeCloseTo(10);
    expect(board.lastActivity).toBe(new Date(WALL + 10_000).toISOString());
    expect(board.phases.map((p) => p.open)).toEqual([false, true, false]);
  });
});
