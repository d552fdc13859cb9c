// The bench's temporary folder: the generated dataset, the configs it writes, and the runs' results.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGkt, type Finished } from './processes.js';
import { sweepConfig, type SweepModels, type SweepShape } from './sweep-configs.js';
import { writeSyntheticGsm8k } from './synthetic-gsm8k.js';

/** GSM8K's test split has 1319 items; the bench's dataset has as many. */
export const GSM8K_ITEMS = 1319;

export interface Workspace {
  dir: string;
  /** The generated GSM8K-shaped file, GSM8K_ITEMS items. */
  dataset: string;
  results: string;
  rss: string;
  /** Warnings the measured gkt processes printed (e.g. Node's), each once: a clean run prints none. */
  warnings: Set<string>;
  remove(): Promise<void>;
}

export async function createWorkspace(): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'gkt-bench-'));
  const dataset = join(dir, 'gsm8k-synthetic.jsonl');
  const results = join(dir, 'results');
  const rss = join(dir, 'rss');
  await Promise.all([mkdir(results), mkdir(rss), writeSyntheticGsm8k(dataset, GSM8K_ITEMS, 8)]);
  return { dir, dataset, results, rss, warnings: new Set(), remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface SweepRun extends Finished {
  runDir: string;
}

/** Writes the config and runs `gkt run` on it in a child process; a failed run is an error naming its output. */
export async function runSweep(ws: Workspace, shape: Omit<SweepShape, 'dataset'>, models: SweepModels, extraArgs: string[] = []): Promise<SweepRun> {
  const configPath = join(ws.dir, `${shape.name}.json`);
  await writeFile(configPath, `${JSON.stringify(sweepConfig({ ...shape, dataset: ws.dataset }, models), null, 2)}\n`);
  const finished = await runGkt(['run', configPath, '--results', ws.results, '--quiet', ...extraArgs], { cwd: ws.dir, rssDir: ws.rss });
  for (const line of finished.stderr.split('\n')) if (/Warning:/.test(line)) ws.warnings.add(line.replace(/^\(node:\d+\) /, '').trim());
  if (finished.code !== 0) {
    const tail = finished.stderr.trim().split('\n').slice(-12).join('\n');
    throw new Error(`gkt run ${shape.name} exited with code ${finished.code}:\n${tail}`);
  }
  return { ...finished, runDir: join(ws.results, shape.name) };
}
