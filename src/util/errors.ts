// Error classes: one base, a few kinds, each message naming the operation and its target.

/** Base of every error gkt raises on purpose. `hint` is printed under the message by the CLI. */
export class GktError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
}

/**
 * Bad input from the user: a config, a dataset line, a prompt file, a flag.
 * The CLI prints the one-line message (which names the file and the JSON path or line) and exits 2.
 */
export class UsageError extends GktError {}

/** A run that completed with more failed items than allowed: its records are whole, its exit code says so. */
export class FailedItemsError extends GktError {
  constructor(
    message: string,
    readonly exitCode: number,
    options: { hint?: string } = {},
  ) {
    super(message, options);
  }
}

/** A run was stopped on purpose (Ctrl-C or an error budget); what was done stays recorded. */
export class StoppedError extends GktError {
  readonly exitCode: number;
  constructor(message: string, exitCode: number, options: { cause?: unknown; hint?: string } = {}) {
    super(message, options);
    this.exitCode = exitCode;
  }
}
