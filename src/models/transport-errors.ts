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
