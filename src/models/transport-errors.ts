// What can end a request below the HTTP status: its deadline, the run's interrupt, a connection refused, reset or cut.

/** The request's deadline passed: no complete answer within its timeout. */
export class DeadlinePassed extends Error {}

/** The run was interrupted while the request was in flight. */
export class Interrupted extends Error {}

/** A request that never got an answer: refused, reset or dropped before the status line. */
export class ConnectionError extends Error {
  /** The server refused the connection: nothing listens there (yet, or any more). */
  readonly refused: boolean;

  constructor(message: string, options: { cause?: unknown; refused?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.refused = options.refused ?? false;
  }
}

/** An answer whose connection closed before its end. */
export class AnswerCutOff extends Error {}

/** Why a request got no answer, in a few words for a message: interrupted, its timeout, or the connection's error code. */
export function unansweredReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Interrupted) return 'interrupted';
  if (error instanceof DeadlinePassed) return `timeout: no answer within ${timeoutMs / 1000} s`;
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (error instanceof ConnectionError) return typeof code === 'string' ? code : error.message;
  return error instanceof Error ? error.message : String(error);
}
