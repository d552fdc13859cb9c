// Run one phase (a teacher pass or a cell's answers): segments around it, records as they come, stops honoured.
import { constants } from 'node:os';
import type { RequestPolicy } from '../config/resolved.js';
import type { Batching, Role } from '../vocabulary.js';
import type { ProgressReporter } from '../progress/types.js';
import type { SegmentRecord } from '../results/records.js';
import { StoppedError } from '../util/errors.js';
import { ErrorBudget } from './error-budget.js';
import { schedule, type BatchInfo } from './schedule.js';

export interface PhaseContext {
  session: string;
  now: () => number;
  wall: () => Date;
  /** Aborted on the first Ctrl-C: no new request starts. */
  stopSignal: AbortSignal;
  /** Aborted a grace period after the first Ctrl-C: requests still running are cut. */
  requestSignal: AbortSignal;
  policy: RequestPolicy;
  progress: ProgressReporter;
  /** API keys in use: never written into a record, whatever a server echoes back. */
  secrets: readonly string[];
}

/** What one item's job produced: the record it writes (a pass's TeacherRecord, a cell's ItemRecord). */
export interface JobResult<R> {
  record: R;
  /** Set when this job's own request failed (it is recorded all the same). */
  requestError: string | null;
  /** False when no request reached a server (the teacher had failed for this item, or the cache answered). */
  requested: boolean;
  /** Requests that reached a server, where one item takes several (a hand-off's segments, a cascade's samples); 1 when absent. */
  sent?: number;
  /** Tokens the server generated for this job (its completion), for the progress display's rate. */
  completionTokens: number;
}

/** A job returns null when its request was cut by an interrupt: nothing is recorded, the item stays to do. */
export type Job<R> = (batch: BatchInfo | null) => Promise<JobResult<R> | null>;

/** Where a phase's lines go: its pass or cell file, one whole line per call. */
export interface PhaseWriter<R> {
  append(line: R | SegmentRecord): Promise<unknown>;
  sync(): Promise<void>;
}

export interface PhaseSpec<T, R> {
  label: string;
  role: Role;
  writer: PhaseWriter<R>;
  batching: Batching;
  /** What to do, in order; each item's job is made only when its turn comes, so nothing per item waits in memory. */
  items: readonly T[];
  job: (item: T, batch: BatchInfo | null) => Promise<JobResult<R> | null>;
  total: number;
  done: number;
  index: number;
  count: number;
  /** Items requested again after they had failed, noted in the segment's start. */
  redo?: number;
}

/** Records written, requests that reached a server, and how many of those failed. */
export interface PhaseOutcome {
  completed: number;
  requests: number;
  failures: number;
}

/** Records a phase may have waiting for the disk before its next request waits for them. */
const MAX_UNWRITTEN = 256;

export async function runPhase<T, R>(spec: PhaseSpec<T, R>, context: PhaseContext): Promise<PhaseOutcome> {
  if (spec.items.length === 0) return { completed: 0, requests: 0, failures: 0 };
  await spec.writer.append(segment(context, 'start', undefined, spec.redo));
  const budget = new ErrorBudget(context.policy);
  const display = context.progress.phase(spec);
  let completed = 0;
  let requests = 0;
  // The writer keeps records in order; the next request need not wait for the last record to reach the disk,
  // unless the disk falls behind: then records would pile up in memory, so the next request waits.
  let written: Promise<void> = Promise.resolve();
  let unwritten = 0;
  let writeFailure: { error: unknown } | null = null;
  let outcome;
  try {
    outcome = await schedule(
      spec.items,
      async (item, batch) => {
        const result = await spec.job(item, batch);
        if (result === null) return;
        unwritten++;
        written = spec.writer.append(result.record).then(
          () => {
            unwritten--;
            completed++;
          },
          (error: unknown) => {
            unwritten--;
            writeFailure ??= { error };
          },
        );
        if (result.requested) {
          requests += result.sent ?? 1;
          budget.count(result.requestError !== null, result.requestError ?? undefined);
        }
        display.tick({ ok: result.requestError === null, completionTokens: result.completionTokens });
        if (unwritten > MAX_UNWRITTEN) await written;
      },
      {
        batching: spec.batching,
        now: context.now,
        stopReason: () => (writeFailure !== null ? 'a record could not be written' : context.stopSignal.aborted ? 'interrupted' : budget.exceeded()),
      },
    );
  } finally {
    await written;
    await spec.writer.append(segment(context, 'end', completed));
    await spec.writer.sync();
    display.end();
  }
  if (writeFailure !== null) throw (writeFailure as { error: unknown }).error;
  if (outcome.stopped) throw stoppedError(spec.label, outcome.stopped, context.stopSignal);
  return { completed, requests, failures: budget.failures };
}

/**
 * The line that opens or closes a phase's stretch of records in this session (`items`: how many it wrote;
 * `redo`: how many failed items its start requests again).
 */
function segment(context: PhaseContext, event: 'start' | 'end', items?: number, redo?: number): SegmentRecord {
  return {
    type: 'segment',
    session: context.session,
    event,
    at: context.now(),
    wall: context.wall().toISOString(),
    ...(items !== undefined ? { items } : {}),
    ...(event === 'start' && redo ? { redo } : {}),
  };
}

/** Why a phase stopped before its last item, as the error the run ends with. */
function stoppedError(label: string, reason: string, stopSignal: AbortSignal): StoppedError {
  if (reason === 'interrupted') return interruptedError(stopSignal);
  return new StoppedError(`${label}: stopped: ${reason}`, 1, {
    hint: 'fix the server and run the same command again to resume (add --retry-errors to redo the failed items)',
  });
}

/** The stop a signal asked for; its exit code is the shell's: 128 + the signal's number (Ctrl-C: 130). */
export function interruptedError(stopSignal: AbortSignal, cause?: unknown): StoppedError {
  const reason: unknown = stopSignal.reason;
  const number = typeof reason === 'string' ? constants.signals[reason as NodeJS.Signals] : undefined;
  return new StoppedError('interrupted; everything recorded so far is kept', 128 + (number ?? constants.signals.SIGINT), {
    hint: 'run the same command again to resume',
    ...(cause !== undefined ? { cause } : {}),
  });
}
