// What an error that reached the command line says, and the exit code it maps to: each kind one code.
import { CommanderError } from 'commander';
import { fsProblem } from './results/fs-problem.js';
import { FailedItemsError, GktError, StoppedError, UsageError } from './util/errors.js';
import type { CommandContext } from './util/command-context.js';

/** Writes the error's line (and its hint) to stderr; resolves to the exit code. */
export function reportError(error: unknown, context: CommandContext): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; help and version exit 0.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return 2;
  }
  const said = (exitCode: number, message: string, hint?: string): number => {
    context.stderr.write(`gkt: ${message}\n`);
    if (hint) context.stderr.write(`  ${hint}\n`);
    return exitCode;
  };
  if (error instanceof StoppedError || error instanceof FailedItemsError) return said(error.exitCode, error.message, error.hint);
  if (error instanceof UsageError) return said(2, error.message, error.hint);
  if (error instanceof GktError) return said(1, error.message, error.hint);
  // The file system refusing a path (a loop, no permission, a full disk): one line, not a stack trace.
  const fs = fsProblem(error);
  if (fs !== null) return said(fs.exitCode, fs.message);
  context.stderr.write('gkt: internal error (a bug; please report it with the lines below)\n');
  context.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
