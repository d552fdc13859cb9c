// Teacher phase time for one guidance length: measured for the pass's own length, derived from token arrivals below it.
import { phaseClock, phaseSpans } from './segments.js';
import type { PhaseClock } from './segments.js';
import type { TeacherRecord } from '../results/records.js';
import type { PassData } from './run-data.js';

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

/** When token k of a request had arrived (session ms), or why that is unknown. */
export function tokenArrival(record: TeacherRecord, k: number): Arrival | null {
  const timing = record.timing;
  if (timing === null) return null;
  if (record.error !== null || record.text === null) return { at: timing.end };
  if (record.tokens === null) {
    if (record.completionTokens !== null && record.completionTokens < k) return { at: timing.end };
    return { failure: 'the server reported no token boundaries' };
  }
  if (record.tokens.end.length < k) return { at: timing.end };
  const at = record.tokens.at[k - 1];
  if (at === null || at === undefined) return { failure: 'the responses were not streamed, so token arrival times are unknown' };
  return { at: timing.start + at };
}

type Derivation = { ms: number } | { failure: string };

function staticDerivation(records: readonly TeacherRecord[], k: number): Derivation {
  const batches = new Map<string, { start: number; latest: number }>();
  for (const record of records) {
    const arrival = tokenArrival(record, k);
    if (arrival === null) continue;
    if ('failure' in arrival) return arrival;
    if (record.batch === null || record.timing === null) return { failure: 'records carry no batch start' };
    const key = `${record.timing.session}\u0000${record.batch.index}\u0000${record.batch.start}`;
    const batch = batches.get(key) ?? { start: record.batch.start, latest: record.batch.start };
    batch.latest = Math.max(batch.latest, arrival.at);
    batches.set(key, batch);
  }
  let ms = 0;
  for (const batch of batches.values()) ms += batch.latest - batch.start;
  return { ms };
}

/** Serial requests run one after another, so a k-token pass costs each request's time to its k-th token. */
function serialDerivation(records: readonly TeacherRecord[], k: number): Derivation {
  let ms = 0;
  for (const record of records) {
    const arrival = tokenArrival(record, k);
    if (arrival === null || record.timing === null) continue;
    if ('failure' in arrival) return arrival;
    ms += arrival.at - record.timing.start;
  }
  return { ms };
}

/**
 * With B requests kept in flight, a k-token pass would have started each request as soon as an earlier
 * one had its k tokens, not its N. So each span's requests are replayed in the order they were issued on
 * B slots, each holding its slot for its time to token k; the span lasts until the last slot is free.
 */
function continuousDerivation(pass: PassData, records: readonly TeacherRecord[], k: number, slots: number): Derivation {
  let ms = 0;
  for (const span of phaseSpans(pass.segments, pass.timings)) {
    const held: Array<{ start: number; ms: number }> = [];
    for (const record of records) {
      const timing = record.timing;
      if (timing === null || timing.session !== span.session || timing.start < span.start || timing.start > span.end) continue;
      const arrival = tokenArrival(record, k);
      if (arrival === null) continue;
      if ('failure' in arrival) return arrival;
      held.push({ start: timing.start, ms: arrival.at - timing.start });
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

/**
 * The teacher phase time for guidance length k from this pass. A pass run for exactly k tokens (its
 * `maxTokens`, or an exact pass) is measured; a shorter length is derived from when token k arrived.
 */
export function teacherPhaseTime(pass: PassData, k: number): PhaseTime {
  const clock = phaseClock(phaseSpans(pass.segments, pass.timings));
  if (clock.seconds === null) return { seconds: null, source: 'missing', reason: 'the teacher pass has no segment records', clock };
  if (k >= pass.pass.maxTokens || pass.pass.boundaries === 'exact') {
    return { seconds: clock.seconds, source: 'measured', reason: null, clock };
  }
  const records = [...pass.records.values()];
  const batching = pass.pass.batching;
  const derivation =
    batching.kind === 'static' ? staticDerivation(records, k)
    : batching.kind === 'serial' ? serialDerivation(records, k)
    : continuousDerivation(pass, records, k, batching.size);
  if ('failure' in derivation) return { seconds: clock.seconds, source: 'not-derivable', reason: derivation.failure, clock };
  return { seconds: derivation.ms / 1000, source: 'derived', reason: null, clock };
}
