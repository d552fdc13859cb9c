// Child processes the bench drives: gkt's CLI (with its peak memory read at exit) and simulators it attaches to.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { BENCH_BUILD, REPO_ROOT } from './paths.js';

export const GKT_BIN = join(REPO_ROOT, 'bin', 'gkt');
const RSS_PRELOAD = join(BENCH_BUILD, 'bench', 'rss-preload.js');

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Peak resident set size of the process itself, in bytes; null when it was not reported. */
  peakRssBytes: number | null;
}

/** Waits for a child to exit, collecting what it printed. */
function collect(child: ChildProcess, started: number): Promise<Omit<Finished, 'peakRssBytes'>> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, wallMs: performance.now() - started }));
  });
}

export interface RunOptions {
  cwd: string;
  /** A folder for the peak-memory report; without it, none is taken. */
  rssDir?: string;
}

/** No measured run takes near this long; one that does has hung, and is stopped rather than waited for. */
const RUN_TIMEOUT_MS = 10 * 60_000;
const LISTEN_TIMEOUT_MS = 30_000;

/**
 * Runs `node [--import rss-preload] bin/gkt ...args` as a user would. The preload writes the process's
 * own peak RSS when it exits, so servers it may start are not counted with it.
 */
export async function runGkt(args: string[], options: RunOptions): Promise<Finished> {
  const preload = options.rssDir !== undefined ? ['--import', pathToFileURL(RSS_PRELOAD).href] : [];
  const started = performance.now();
  const child = spawn(process.execPath, [...preload, GKT_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', CI: 'true', ...(options.rssDir !== undefined ? { GKT_BENCH_RSS_DIR: options.rssDir } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const finished = await collect(child, started).finally(() => clearTimeout(timer));
  if (finished.code === null) throw new Error(`gkt ${args.join(' ')}: killed after ${RUN_TIMEOUT_MS / 60_000} minutes without finishing`);
  const peakRssBytes = options.rssDir !== undefined && child.pid !== undefined ? await readPeakRss(options.rssDir, child.pid) : null;
  return { ...finished, peakRssBytes };
}

async function readPeakRss(dir: string, pid: number): Promise<number | null> {
  try {
    const report = JSON.parse(await readFile(join(dir, `${pid}.json`), 'utf8')) as { maxRssKb?: unknown };
    return typeof report.maxRssKb === 'number' ? report.maxRssKb * 1024 : null;
  } catch {
    return null;
  }
}

/** Runs any command to its end (e.g. `node -e 0`), for start-up times. */
export async function runCommand(command: string, args: string[], cwd: string): Promise<Finished> {
  const started = performance.now();
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  return { ...(await collect(child, started)), peakRssBytes: null };
}

export interface SimulatorFlags {
  model: string;
  slots: number;
  decodeMs: number;
  prefillMs: number;
  overheadMs: number;
  /** `gsm8k=FILE`: the items whose gold answers the simulator knows. */
  dataset: string;
}

export interface RunningSimulator {
  url: string;
  /** Generation requests answered so far (from its per-request log). */
  requests(): number;
  /** How long each answered generation request took, as the server measured it (ms, whole), in order. */
  durations(): readonly number[];
  stop(): Promise<void>;
}

const LISTENING = /^gkt simulator listening on (http:\/\/\S+) model=/m;
/** The simulator's log line for a request: `POST /v1/completions 200 261ms`. */
const GENERATION = /^POST \/v1\/(?:chat\/)?completions \S+ (\d+)ms/;

/** Starts `gkt serve --simulate` in its own process and waits until it listens. */
export async function startSimulatorProcess(flags: SimulatorFlags, cwd: string): Promise<RunningSimulator> {
  const args = [
    GKT_BIN, 'serve', '--simulate', '--port', '0', '--verbose',
    '--model', flags.model,
    '--slots', String(flags.slots),
    '--decode-ms', String(flags.decodeMs),
    '--prefill-ms', String(flags.prefillMs),
    '--overhead-ms', String(flags.overheadMs),
    '--dataset', flags.dataset,
  ];
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const durations: number[] = [];
  let pending = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const match = GENERATION.exec(line);
      if (match) durations.push(Number(match[1]));
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stdout = '';
  let timer: NodeJS.Timeout | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = LISTENING.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`gkt serve --simulate (${flags.model}) exited with code ${code} before listening`)));
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gkt serve --simulate (${flags.model}) did not listen within ${LISTEN_TIMEOUT_MS / 1000} s`));
    }, LISTEN_TIMEOUT_MS);
  }).finally(() => clearTimeout(timer));
  return {
    url,
    requests: () => durations.length,
    durations: () => durations,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Starts a teacher and a student simulator; if the second fails, the first is stopped before the error goes on. */
export async function startSimulatorPair(teacher: SimulatorFlags, student: SimulatorFlags, cwd: string): Promise<[RunningSimulator, RunningSimulator]> {
  const started = await Promise.allSettled([startSimulatorProcess(teacher, cwd), startSimulatorProcess(student, cwd)]);
  const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure === undefined) return started.map((s) => (s as PromiseFulfilledResult<RunningSimulator>).value) as [RunningSimulator, RunningSimulator];
  await Promise.all(started.flatMap((s) => (s.status === 'fulfilled' ? [s.value.stop()] : [])));
  throw failure.reason;
}
