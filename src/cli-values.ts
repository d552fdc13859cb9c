// Parsers for flag values: each returns the value or throws InvalidArgumentError saying what it expected,
// which commander prints after the flag's name.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a whole number above 0');
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return n;
}

export function rate(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a fraction from 0 to 1');
  return n;
}

export function milliseconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected milliseconds, 0 or more');
  return n;
}

/** A token count that may be fractional, as the simulator's help horizon is. */
export function tokens(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number of tokens above 0');
  return n;
}

export function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port from 0 to 65535');
  return n;
}

/** The run folder is `<results>/<name>`: a name with a slash or `..` would put it elsewhere. */
export function runName(value: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value) || value.length > 100) {
    throw new InvalidArgumentError('expected letters, digits, ".", "_" or "-", starting with a letter or digit (it names a folder under --results)');
  }
  return value;
}

/** Caught here, before anything is prepared: a file where the results folder should be. */
export function resultsFolder(cwd: string): (value: string) => string {
  return (value) => {
    // An empty path resolves to the current folder, which would fill with run folders and a cache.
    if (value.trim() === '') throw new InvalidArgumentError('empty: give a folder (the default is ./results)');
    const path = resolve(cwd, value);
    if (existsSync(path) && !statSync(path).isDirectory()) throw new InvalidArgumentError(`${value} is a file, not a folder`);
    return value;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

// The formats commands/report.ts renders, listed here so that parsing flags does not load the renderers.
export const REPORT_FORMATS = ['terminal', 'markdown', 'csv', 'latex', 'json', 'html', 'svg'];

export function reportFormat(value: string, previous: string[] | undefined): string[] {
  if (!REPORT_FORMATS.includes(value)) throw new InvalidArgumentError(`expected one of ${REPORT_FORMATS.join(', ')}`);
  return collect(value, previous);
}
