// The dashboard of a sweep: items done per phase, rates and ETA from the records' own clocks and segment times (pure).
import { requestTimes, type RequestTimes } from '../report/segments.js';
import type { Dashboard, PhaseProgress } from './api-types.js';
import type { RequestTiming, SegmentRecord } from '../results/records.js';

export interface PhaseInput {
  kind: PhaseProgress['kind'];
  id: string;
  label: string;
  planned: number;
  done: number;
  errors: number;
  segments: readonly SegmentRecord[];
  /** Every request's times in the phase's files (as plain numbers, from a run of any size). */
  timings: readonly RequestTiming[] | RequestTimes;
}

interface SessionWork {
  session: string;
  /** The session's first segment start on this phase: its clock and wall time. */
  startAt: number;
  startWall: number;
  requests: number;
  lastEnd: number | null;
  open: boolean;
}

/** The latest session that worked on the phase, by the wall time its segment started. */
function latestSession(input: PhaseInput): SessionWork | null {
  let latest: SegmentRecord | null = null;
  for (const segment of input.segments) {
    if (segment.event !== 'start') continue;
    if (latest === null || Date.parse(segment.wall) >= Date.parse(latest.wall)) latest = segment;
  }
  if (latest === null) return null;
  const { session } = latest;
  const firstStart = input.segments.find((s) => s.session === session && s.event === 'start') ?? latest;
  const starts = input.segments.filter((s) => s.session === session && s.event === 'start').length;
  const ends = input.segments.filter((s) => s.session === session && s.event === 'end').length;
  const made = requestTimes(input.timings).inSession(session);
  const requests = made?.requests ?? 0;
  const lastEnd = made?.lastEnd ?? null;
  return { session, startAt: firstStart.at, startWall: Date.parse(firstStart.wall), requests, lastEnd, open: starts > ends };
}

function rateOf(requests: number, seconds: number): number | null {
  return requests >= 2 && seconds > 0 ? requests / seconds : null;
}

const eta = (left: number, rate: number | null): number | null => (left <= 0 || rate === null ? null : left / rate);

export function phaseProgress(input: PhaseInput): PhaseProgress & { work: SessionWork | null } {
  const work = latestSession(input);
  const seconds = work?.lastEnd == null ? 0 : (work.lastEnd - work.startAt) / 1000;
  const rate = work === null ? null : rateOf(work.requests, seconds);
  const wall = work === null ? null : work.startWall + (work.lastEnd === null ? 0 : work.lastEnd - work.startAt);
  return {
    kind: input.kind,
    id: input.id,
    label: input.label,
    planned: input.planned,
    done: input.done,
    errors: input.errors,
    rate,
    etaSeconds: work?.open === true ? eta(input.planned - input.done, rate) : null,
    lastActivity: wall === null || Number.isNaN(wall) ? null : new Date(wall).toISOString(),
    open: work?.open ?? false,
    work,
  };
}

/**
 * The sweep's rate is the latest session's requests over its span, across the phases it worked on
 * (phases run one after another, so their spans add up); its ETA is every phase's items left at that rate.
 */
export function dashboard(phases: readonly PhaseInput[]): Dashboard {
  const progress = phases.map(phaseProgress);
  const latestWall = Math.max(...progress.map((p) => p.work?.startWall ?? -Infinity));
  const latest = progress.find((p) => p.work?.startWall === latestWall)?.work?.session ?? null;
  let requests = 0;
  let seconds = 0;
  for (const p of progress) {
    if (p.work === null || p.work.session !== latest || p.work.lastEnd === null) continue;
    requests += p.work.requests;
    seconds += (p.work.lastEnd - p.work.startAt) / 1000;
  }
  const rate = rateOf(requests, seconds);
  const planned = phases.reduce((sum, p) => sum + p.planned, 0);
  const done = phases.reduce((sum, p) => sum + p.done, 0);
  const activity = progress.map((p) => p.lastActivity).filter((a): a is string => a !== null).sort();
  return {
    planned,
    done,
    errors: phases.reduce((sum, p) => sum + p.errors, 0),
    rate,
    etaSeconds: progress.some((p) => p.open) ? eta(planned - done, rate) : null,
    lastActivity: activity[activity.length - 1] ?? null,
    phases: progress.map(({ work: _work, ...p }) => p),
  };
}
