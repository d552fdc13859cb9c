// Shared helpers for whole-run reliability tests: sweep configs on disk, `gkt run` in this process or as a child
// process (for kills and signals), polling.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { BIN, ROOT, runCli, type CliResult } from '../helpers/cli.js';

export { ROOT };
export const GKT = BIN;
export const GSM8K_MINI = join(ROOT, 'datasets', 'fixtures', 'gsm8k-mini.jsonl');

/** A temp folder holding `config.json` and a `results/` folder for runs of it. */
export interface Workspace {
  dir: string;
  config: string;
  results: string;
  /** The run folder `gkt run` writes for a config named `name`. */
  run(name: string): string;
  cleanup(): Promise<void>;
}

export async function workspace(config: Record<string, unknown>): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'gkt-reliability-'));
  const path = join(dir, 'config.json');
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`);
  return {
    dir,
    config: path,
    results: join(dir, 'results'),
    run: (name) => join(dir, 'results', name),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A `gkt run` started as a child process, as a user would start it, its output captured as it comes. */
export interface RunningGkt {
  child: ChildProcess;
  pid: number;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once stderr matches, or rejects (with what stderr held) after `timeoutMs`. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves once `check` holds; rejects after `timeoutMs`, or at once if the run ends first. */
  waitUntil(check: () => boolean, what: string, timeoutMs?: number): Promise<void>;
}

const started = new Set<ChildProcess>();

/** `gkt` as a child process of its own: for what only a real process shows (kill -9, signals, its pid holding a lock). */
export function startGktProcess(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): RunningGkt {
  const child = spawn(process.execPath, [GKT, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => {
      started.delete(child);
      resolve({ code, signal });
    });
  });
  let ended = false;
  void exited.then(() => (ended = true));
  const waitUntil = (check: () => boolean, what: string, timeoutMs = 20_000) =>
    waitFor(
      () => {
        if (check()) return true;
        if (ended) throw new Error(`gkt ended before ${what}; stderr:\n${err}`);
        return false;
      },
      timeoutMs,
      () => `${what}; stderr:\n${err}`,
    );
  return {
    child,
    pid: child.pid!,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForStderr: (pattern, timeoutMs) => waitUntil(() => pattern.test(err), `stderr to match ${pattern}`, timeoutMs),
    waitUntil,
  };
}

/** Runs `gkt` to its end through the CLI's entry in this process, and returns its exit code and output. */
export function runGkt(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(args, { env });
}

/** Kills (SIGKILL) every `gkt` process a test started and left running, so a failed test leaves nothing behind. */
export function killLeftovers(): void {
  for (const child of started) child.kill('SIGKILL');
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Lines of a JSONL file, parsed; a torn last line (no newline) is left out, as gkt's readers do. */
export function readLines(path: string): Array<Record<string, unknown>> {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const whole = text.slice(0, text.lastIndexOf('\n') + 1);
  return whole
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export function recordsOf(path: string, type: 'teacher' | 'item'): Array<Record<string, unknown>> {
  return readLines(path).filter((line) => line.type === type);
}

/** Every `.jsonl` file of a run's `teacher/` or `cells/` folder. */
export function jsonlFiles(runDir: string, sub: 'teacher' | 'cells'): string[] {
  const dir = join(runDir, sub);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .map((name) => join(dir, name));
}

/** Records of one type across a run folder's files of that kind. */
export function countRecords(runDir: string, sub: 'teacher' | 'cells'): number {
  const type = sub === 'teacher' ? 'teacher' : 'item';
  return jsonlFiles(runDir, sub).reduce((sum, file) => sum + recordsOf(file, type).length, 0);
}

/** Every file under `dir`, as paths relative to it (hidden ones included). */
export async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out.push(relative(dir, path));
    }
  };
  if (existsSync(dir)) await walk(dir);
  return out.sort();
}

/** Path → size and modification time, to tell whether anything under `dir` changed. */
export async function snapshot(dir: string): Promise<Map<string, string>> {
  const shot = new Map<string, string>();
  for (const file of await listTree(dir)) {
    const info = await stat(join(dir, file));
    shot.set(file, `${info.size}:${info.mtimeMs}`);
  }
  return shot;
}

/** Direct children of a process, from /proc (Linux): how a test finds the simulators a gkt started. */
export function childPids(pid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command (which may hold spaces) start after the last ')': state, then the parent pid.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid) pids.push(Number(name));
    } catch {
      // The process ended while being read.
    }
  }
  return pids;
}

/** Whether a process is still running (a zombie awaiting its parent counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** A simulated model that `gkt run` launches itself, with latency set per token. */
export function simulatedModel(model: string, simulate: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { kind: 'simulated', model, ...extra, launch: { simulate: { contextLength: 4096, ...simulate } } };
}
