// Teacher pass time for one guidance length: measured for the pass's own length, derived from token arrivals below it, counted as the pass's records stream past.
import { phaseClock, phaseSpans, RequestTimes } from './segments.js';
import type { PhaseClock } from './segments.js';
import type { TeacherPass } from '../plan/types.js';
import type { RequestTiming, SegmentRecord, TeacherRecord } from '../results/records.js';
import { NumberList } from '../util/number-list.js';

export type TimeSource = 'measured' | 'derived' | 'not-derivable' | 'missing';

export interface PhaseTime {
  seconds: number | null;
  /** measured: segment wall time; derived: computed from token arrival times; not-derivable: the longer pass's measured time. */
  source: TimeSource;
  /** Why a time could not be derived, when it could not. */
  reason: string | null;
  clock: PhaseClock;
}

type Arrival = { at: number } | { failure: string };

/** When token N of a request had arrived (session ms), or why that is unknown. */
export function tokenArrival(record: TeacherRecord, n: number): Arrival | null {
  const timing = record.timing;
  if (timing === null) return null;
  if (record.error !== null || record.text === null) return { at: timing.end };
  if (record.tokens === null) {
    if (record.completionTokens !== null && record.completionTokens < n) return { at: timing.end };
    return { failure: 'the server reported no token boundaries' };
  }
  if (record.tokens.end.length < n) return { at: timing.end };
  const at = record.tokens.at[n - 1];
  if (at === null || at === undefined) return { failure: 'the responses were not streamed, so token arrival times are unknown' };
  return { at: timing.start + at };
}

/** What a length's derivation needs of each record, by batching: static batches' ends, a serial sum, or each request's time to token N. */
interface LengthTally {
  failure: string | null;
  batches: Map<string, { start: number; latest: number }>;
  serialMs: number;
  /** Continuous batching: per request, its session, start, and ms to token N (NaN, with the reason kept, when unknown). */
  held: { sessions: string[]; starts: NumberList; ms: NumberList; failures: Map<number, string> };
}

/**
 * A teacher pass's records as they stream past, reduced to what times each guidance length cut from it:
 * a few numbers per request for continuous batching, fewer for the others, never the texts.
 */
export class PassTally {
  readonly segments: SegmentRecord[] = [];
  private readonly times = new RequestTimes();
  private readonly lengths = new Map<number, LengthTally>();
  private readonly sessions = new Map<string, string>();

  constructor(
    readonly pass: TeacherPass,
    lengths: Iterable<number>,
  ) {
    for (const n of lengths) {
      if (n < pass.maxTokens && pass.boundaries !== 'exact') {
        this.lengths.set(n, { failure: null, batches: new Map(), serialMs: 0, held: { sessions: [], starts: new NumberList(), ms: new NumberList(), failures: new Map() } });
      }
    }
  }

  segment(line: SegmentRecord): void {
    this.segments.push(line);
  }

  /** A request's timing, from any record of the pass's files; `planned`: whether its item is one a plan lists. */
  timing(timing: RequestTiming | null, planned = true): void {
    this.times.add(timing, planned);
  }

  /** The record that stands for an item. */
  add(record: TeacherRecord): void {
    for (const [n, tally] of this.lengths) {
      if (tally.failure !== null) continue;
      const arrival = tokenArrival(record, n);
      const timing = record.timing;
      if (arrival === null || timing === null) continue;
      if ('failure' in arrival) {
        // Continuous batching fails only on requests inside a span, known once the segments are all read.
        if (this.pass.batching.kind === 'continuous') this.hold(tally, timing, Number.NaN, arrival.failure);
        else tally.failure = arrival.failure;
        continue;
      }
      if (this.pass.batching.kind === 'static') {
        if (record.batch === null) {
          tally.failure = 'records carry no batch start';
          continue;
        }
        const key = `${timing.session}\u0000${record.batch.index}\u0000${record.batch.start}`;
        const batch = tally.batches.get(key) ?? { start: record.batch.start, latest: record.batch.start };
        batch.latest = Math.max(batch.latest, arrival.at);
        tally.batches.set(key, batch);
      } else if (this.pass.batching.kind === 'serial') {
        tally.serialMs += arrival.at - timing.start;
      } else {
        this.hold(tally, timing, arrival.at - timing.start, null);
      }
    }
  }

  /**
   * The teacher pass time for guidance length N from this pass. A pass run for exactly N tokens (its
   * `maxTokens`, or an exact pass) is measured; a shorter length is derived from when token N arrived.
   */
  time(n: number): PhaseTime {
    const spans = phaseSpans(this.segments, this.times);
    const clock = phaseClock(spans);
    if (clock.seconds === null) return { seconds: null, source: 'missing', reason: 'the teacher pass has no segment records', clock };
    const outside = this.times.outsidePlan(spans);
    if (outside !== null) return { seconds: null, source: 'missing', reason: outside, clock };
    const tally = this.lengths.get(n);
    if (tally === undefined) return { seconds: clock.seconds, source: 'measured', reason: null, clock };
    let derivation: { ms: number } | { failure: string };
    if (tally.failure !== null) derivation = { failure: tally.failure };
    else if (this.pass.batching.kind === 'static') derivation = { ms: [...tally.batches.values()].reduce((ms, b) => ms + b.latest - b.start, 0) };
    else if (this.pass.batching.kind === 'serial') derivation = { ms: tally.serialMs };
    else derivation = continuousDerivation(spans, tally, this.pass.batching.size);
    if ('failure' in derivation) return { seconds: clock.seconds, source: 'not-derivable', reason: derivation.failure, clock };
    return { seconds: derivation.ms / 1000, source: 'derived', reason: null, clock };
  }

  private hold(tally: LengthTally, timing: RequestTiming, ms: number, failure: string | null): void {
    if (failure !== null) tally.held.failures.set(tally.held.ms.length, failure);
    tally.held.sessions.push(this.session(timing.session));
    tally.held.starts.push(timing.start);
    tally.held.ms.push(ms);
  }

  private session(id: string): string {
    let shared = this.sessions.get(id);
    if (shared === undefined) {
      shared = id;
      this.sessions.set(id, id);
    }
    return shared;
  }
}

/**
 * With B requests kept in flight, a pass of N tokens would have started each request as soon as an earlier
 * one had its N tokens, not its `maxTokens`. So each span's requests are replayed in the order they were issued on
 * B slots, each holding its slot for its time to token N; the span lasts until the last slot is free.
 */
function continuousDerivation(spans: ReturnType<typeof phaseSpans>, tally: LengthTally, slots: number): { ms: number } | { failure: string } {
  const { sessions, starts, ms: times, failures } = tally.held;
  let ms = 0;
  for (const span of spans) {
    const held: Array<{ start: number; ms: number }> = [];
    for (let i = 0; i < starts.length; i++) {
      const start = starts.at(i);
      if (sessions[i] !== span.session || start < span.start || start > span.end) continue;
      if (Number.isNaN(times.at(i))) return { failure: failures.get(i)! };
      held.push({ start, ms: times.at(i) });
    }
    if (held.length === 0) continue;
    held.sort((a, b) => a.start - b.start);
    // The first request went out this long after the span began; the replay starts there.
    const free = new Array<number>(Math.max(1, slots)).fill(held[0]!.start - span.start);
    for (const request of held) {
      let slot = 0;
      for (let i = 1; i < free.length; i++) if (free[i]! < free[slot]!) slot = i;
      free[slot]! += request.ms;
    }
    ms += Math.max(...free);
  }
  return { ms };
}
