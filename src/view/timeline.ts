// An item's requests on a time axis: the teacher's (with token N, when the guidance was ready) and the student's (pure).
import type { Timeline, TimelineBar } from './api-types.js';
import type { ItemRecord, RequestTiming } from '../results/records.js';

interface Placed {
  session: string;
  bar: TimelineBar;
}

function place(timing: RequestTiming, label: string, role: TimelineBar['role'], ticks: TimelineBar['ticks']): Placed {
  const first = timing.firstToken === null ? [] : [{ at: timing.firstToken, label: 'first token' }];
  return { session: timing.session, bar: { label, role, start: timing.start, end: timing.end, ticks: [...first, ...ticks] } };
}

/** Times are each session's own clock: bars of one session share an axis starting at its first request. */
export function itemTimeline(record: ItemRecord | undefined): Timeline {
  const placed: Placed[] = [];
  const guidance = record?.guidance ?? null;
  if (guidance?.timing) {
    const ready = guidance.readyAt === null ? [] : [{ at: guidance.timing.start + guidance.readyAt, label: `token ${guidance.tokens}: guidance ready` }];
    placed.push(place(guidance.timing, guidance.derived ? 'teacher (the whole pass request)' : 'teacher', 'teacher', ready));
  }
  const student = record?.student ?? null;
  if (student?.timing) placed.push(place(student.timing, record?.guidance === null ? 'model alone' : 'student', 'student', []));
  const sessions = [...new Set(placed.map((p) => p.session))];
  return {
    axes: sessions.map((session) => {
      const bars = placed.filter((p) => p.session === session).map((p) => p.bar);
      const origin = Math.min(...bars.map((b) => b.start));
      const shifted = bars.map((b) => ({
        ...b,
        start: b.start - origin,
        end: b.end - origin,
        ticks: b.ticks.map((t) => ({ ...t, at: t.at - origin })),
      }));
      return { session, length: Math.max(...shifted.map((b) => b.end)), bars: shifted };
    }),
  };
}
