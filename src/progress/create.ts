// Choose the progress display: bars on a terminal, plain lines in logs, nothing with --quiet.
import { Chalk } from 'chalk';
import { barProgress } from './bars.js';
import { plainProgress, silentProgress } from './plain.js';
import type { ProgressReporter } from './types.js';

export interface ProgressChoice {
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  quiet: boolean;
  now: () => number;
  /** Seconds between status lines without a terminal. */
  intervalMs?: number;
}

/** Colours off under NO_COLOR (any value) or without a terminal, as https://no-color.org asks. */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

export function createProgress(choice: ProgressChoice): ProgressReporter {
  const write = (line: string) => choice.stream.write(`${line}\n`);
  if (choice.quiet) return silentProgress(write);
  if (choice.stream.isTTY && choice.env.CI === undefined) {
    return barProgress({ stream: choice.stream, now: choice.now, color: new Chalk({ level: useColor(choice.stream, choice.env) ? 1 : 0 }) });
  }
  return plainProgress({ write, now: choice.now, intervalMs: choice.intervalMs ?? 5000 });
}
