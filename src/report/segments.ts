// Phase wall time from segment records: each session's start→end stretches, summed across sessions and shards.
import type { RequestTiming, SegmentRecord } from '../results/records.js';

export interface PhaseSpan {
  session: string;
  start: number;
  end: number;
  /** The session was killed inside this span: its end is the last request's end, not a recorded `end`. */
  interrupted: boolean;
}

/** The last request end in a session within [from, before), or `from` when no request ended there. */
function lastRequestEnd(timings: readonly RequestTiming[], session: string, from: number, before: number): number {
  let last = from;
  for (const timing of timings) {
    if (timing.session !== session || timing.start < from || timing.end >= before) continue;
    if (timing.end > last) last = timing.end;
  }
  return last;
}

/**
 * Pairs each session's `start` with its next `end`. A start left open (the session was killed, or
 * started again without ending) ends at the last request end recorded in that session after it.
 */
export function phaseSpans(segments: readonly SegmentRecord[], timings: readonly RequestTiming[]): PhaseSpan[] {
  const bySession = new Map<string, SegmentRecord[]>();
  for (const segment of segments) {
    const list = bySession.get(segment.session) ?? [];
    list.push(segment);
    bySession.set(segment.session, list);
  }
  const spans: PhaseSpan[] = [];
  for (const [session, events] of bySession) {
    let open: number | null = null;
    for (const event of events) {
      if (event.event === 'start') {
        if (open !== null) spans.push({ session, start: open, end: lastRequestEnd(timings, session, open, event.at), interrupted: true });
        open = event.at;
      } else if (open !== null) {
        spans.push({ session, start: open, end: event.at, interrupted: false });
        open = null;
      }
    }
    if (open !== null) spans.push({ session, start: open, end: lastRequestEnd(timings, session, open, Infinity), interrupted: true });
  }
  return spans;
}

export interface PhaseClock {
  /** Sum of span lengths in seconds; null when the phase has no segment at all. */
  seconds: number | null;
  spans: number;
  interrupted: number;
  sessions: number;
}

export function phaseClock(spans: readonly PhaseSpan[]): PhaseClock {
  if (spans.length === 0) return { seconds: null, spans: 0, interrupted: 0, sessions: 0 };
  const ms = spans.reduce((total, span) => total + Math.max(0, span.end - span.start), 0);
  return {
    seconds: ms / 1000,
    spans: spans.length,
    interrupted: spans.filter((span) => span.interrupted).length,
    sessions: new Set(spans.map((span) => span.session)).size,
  };
}
