// The CLI as a user runs it: its entry called in this process with streams, folder and environment of its
// own (`runCli`), or bin/gkt started as a child process for what only a real process shows (`runCliProcess`).
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** bin/gkt runs dist/, which the tests' global setup builds from the current source when it is out of date. */
export const BIN = join(ROOT, 'bin', 'gkt');

export interface CliResult {
  /** The exit code; null when the command was stopped for running past `timeoutMs`. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  /** Added to the test process's environment; a key set to undefined is left out. */
  env?: NodeJS.ProcessEnv;
  /** Read as stdin, which then ends (empty when not given). */
  input?: string;
  /** Stopped past this, so a command that serves instead of refusing fails on its exit code. */
  timeoutMs?: number;
}

/** The environment a command sees: the test process's, without colour, as on CI, with the test's changes. */
function commandEnv(changes: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: 'true', ...changes };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env;
}

/** A stream that keeps what is written to it, as a pipe to a parent would. */
function captured(): Writable & { text(): string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, encoding, done) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
      done();
    },
  });
  return Object.assign(stream, { text: () => Buffer.concat(chunks).toString('utf8') });
}

/**
 * `gkt ARGS` through the CLI's entry in this process: what `bin/gkt` does, less the process. A timeout
 * aborts the command as Ctrl-C would and reports no exit code, as a killed child would.
 */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const stdout = captured();
  const stderr = captured();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort('SIGTERM');
  }, options.timeoutMs ?? 120_000);
  try {
    const code = await main(args, {
      stdin: Readable.from([Buffer.from(options.input ?? '', 'utf8')]),
      stdout,
      stderr,
      cwd: options.cwd ?? ROOT,
      env: commandEnv(options.env),
      argv: args,
      signal: controller.signal,
    });
    return { code: timedOut ? null : code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    clearTimeout(timer);
  }
}

/** `node bin/gkt ARGS` as a child process: for signals, kill -9 and bin/gkt itself. */
export function runCliProcess(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: commandEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Lines of a JSONL file, parsed. */
export async function readRecords(path: string): Promise<Array<Record<string, any>>> {
  const text = await readFile(path, 'utf8');
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, any>);
}
