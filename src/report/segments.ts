// Phase wall time from segment records: each session's start→end stretches, summed across sessions and shards.
import type { RequestTiming, SegmentRecord } from '../results/records.js';
import { NumberList } from '../util/number-list.js';

export interface PhaseSpan {
  session: string;
  start: number;
  end: number;
  /** The session was killed inside this span: its end is the last request's end, not a recorded `end`. */
  interrupted: boolean;
}

/** How a phase time's reason begins when its sessions also timed items outside the plan. */
export const OUTSIDE_PLAN = 'its time was measured over ';

/**
 * Every request's start and end, per session, as plain numbers: a phase of any size keeps no object per
 * request. What a killed session's span is ended by.
 */
export class RequestTimes {
  private readonly sessions = new Map<string, { starts: NumberList; ends: NumberList }>();
  /** Per session, requests it made for items no plan of the report lists (a run of the folder with more items). */
  private readonly outside = new Map<string, number>();

  /** `planned`: whether the request was for an item a plan lists; a session with others has a time that covers them too. */
  add(timing: RequestTiming | null, planned = true): void {
    if (timing === null) return;
    if (!planned) this.outside.set(timing.session, (this.outside.get(timing.session) ?? 0) + 1);
    let times = this.sessions.get(timing.session);
    if (times === undefined) {
      times = { starts: new NumberList(), ends: new NumberList() };
      this.sessions.set(timing.session, times);
    }
    times.starts.push(timing.start);
    times.ends.push(timing.end);
  }

  /**
   * Why a phase's wall time does not stand for its planned items, or null when it does: a session whose
   * span is counted also requested items outside the plan (e.g. an earlier --limit 56 run of a folder now
   * planned for 8), and its time cannot be split between them.
   */
  outsidePlan(spans: readonly PhaseSpan[]): string | null {
    const sessions = new Set(spans.map((span) => span.session));
    let requests = 0;
    for (const [session, count] of this.outside) if (sessions.has(session)) requests += count;
    if (requests === 0) return null;
    return `${OUTSIDE_PLAN}${requests} more request(s) for items outside the plan (a run of this folder with more items): run the smaller sweep under its own --run-name to time it`;
  }

  /** How many requests a session made and when the last of them ended; null when it made none. */
  inSession(session: string): { requests: number; lastEnd: number } | null {
    const times = this.sessions.get(session);
    if (times === undefined || times.ends.length === 0) return null;
    let lastEnd = -Infinity;
    for (let i = 0; i < times.ends.length; i++) lastEnd = Math.max(lastEnd, times.ends.at(i));
    return { requests: times.ends.length, lastEnd };
  }

  /** The last request end in a session within [from, before), or `from` when no request ended there. */
  lastEnd(session: string, from: number, before: number): number {
    let last = from;
    const times = this.sessions.get(session);
    if (times === undefined) return last;
    for (let i = 0; i < times.starts.length; i++) {
      const end = times.ends.at(i);
      if (times.starts.at(i) < from || end >= before) continue;
      if (end > last) last = end;
    }
    return last;
  }
}

export function requestTimes(timings: readonly RequestTiming[] | RequestTimes): RequestTimes {
  if (timings instanceof RequestTimes) return timings;
  const times = new RequestTimes();
  for (const timing of timings) times.add(timing);
  return times;
}

/**
 * Pairs each session's `start` with its next `end`. A start left open (the session was killed, or
 * started again without ending) ends at the last request end recorded in that session after it.
 */
export function phaseSpans(segments: readonly SegmentRecord[], timings: readonly RequestTiming[] | RequestTimes): PhaseSpan[] {
  const times = requestTimes(timings);
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
        if (open !== null) spans.push({ session, start: open, end: times.lastEnd(session, open, event.at), interrupted: true });
        open = event.at;
      } else if (open !== null) {
        spans.push({ session, start: open, end: event.at, interrupted: false });
        open = null;
      }
    }
    if (open !== null) spans.push({ session, start: open, end: times.lastEnd(session, open, Infinity), interrupted: true });
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
