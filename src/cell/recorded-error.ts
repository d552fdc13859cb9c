// A failed request as it goes into the records: kind, message, attempts, status — never a stack, never a key.
import { redact } from '../models/server-words.js';
import type { RecordedError } from '../results/records.js';

interface RequestErrorLike {
  kind?: unknown;
  message?: unknown;
  attempts?: unknown;
  status?: unknown;
}

/** `secrets` (API keys) are cut from the message whichever adapter wrote it, and whatever a server echoed. */
export function toRecordedError(error: unknown, secrets: readonly string[]): RecordedError {
  const e = (error ?? {}) as RequestErrorLike;
  const kind = typeof e.kind === 'string' ? e.kind : 'internal';
  const message = redact(typeof e.message === 'string' ? e.message : String(error), secrets);
  return {
    kind,
    message,
    attempts: typeof e.attempts === 'number' ? e.attempts : 1,
    ...(typeof e.status === 'number' ? { status: e.status } : {}),
  };
}

/**
 * An interrupt, not a failure of the item: the item is left to do, not recorded. Once a stop is asked,
 * any failure counts as one: the servers may be stopping too (a scheduler's scancel signals every
 * process of the job, gkt's launched servers with it), and a resumed run asks again.
 */
export function isAbort(error: unknown, signals: { requestSignal: AbortSignal; stopSignal: AbortSignal }): boolean {
  return signals.requestSignal.aborted || signals.stopSignal.aborted || (error as RequestErrorLike | null)?.kind === 'aborted';
}
