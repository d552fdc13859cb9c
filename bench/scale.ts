// Memory at scale: peak RSS and time of `gkt run`, its rerun and `gkt report` for one single-model baseline over 1,319, 13,190 and 65,950 items, as ratios to 1,319.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Figure } from './figure.js';
import { runGkt, startSimulatorProcess, type Finished } from './processes.js';
import { requestsClaimed } from './paper-sweep.js';
import { MB } from './stats.js';
import { STUDENT_ID } from './sweep-configs.js';
import { writeSyntheticGsm8k } from './synthetic-gsm8k.js';
import type { Workspace } from './workspace.js';

/** GSM8K's test split, ten times it, and fifty times it. */
export const SCALE_SIZES = [1319, 13190, 65950] as const;
const BASE = SCALE_SIZES[0];
const LARGEST = SCALE_SIZES[2];

/** Peak RSS of the largest size within this factor of the smallest's: memory does not grow with the dataset. */
export const RSS_RATIO_TARGET = 1.5;
/** A rerun of a finished run reads what it needs to know it is finished: seconds, whatever the size. */
export const RERUN_SECONDS_TARGET = 5;

type Step = 'run' | 'rerun' | 'report';
const STEPS: Array<{ step: Step; title: string }> = [
  { step: 'run', title: '`gkt run`, a single-model baseline' },
  { step: 'rerun', title: 'the same command again, on the finished run' },
  { step: 'report', title: '`gkt report` on the run folder, every format' },
];

/** One single model answering every item, as the single-model baseline of a sweep (pure). */
export function scaleConfig(name: string, dataset: string, url: string): Record<string, unknown> {
  return {
    name,
    description: `gkt bench: ${name}`,
    seed: 1,
    models: { model: { kind: 'simulated', url, model: STUDENT_ID, label: 'SimStudent-7B', contextLength: 4096 } },
    datasets: [{ name: 'gsm8k', path: dataset }],
    singles: ['model'],
    outputLengths: [300],
    cache: false,
    requests: { timeoutSeconds: 120, graceSeconds: 5 },
  };
}

interface Measured {
  peakMb: number;
  seconds: number;
}

export async function measureScale(ws: Workspace): Promise<Figure[]> {
  const files = new Map(SCALE_SIZES.map((n) => [n, join(ws.dir, `gsm8k-${n}.jsonl`)]));
  // The same seed: each file begins with the items of the smaller ones, so one simulator knows them all.
  for (const [n, path] of files) await writeSyntheticGsm8k(path, n, 8);
  const sim = await startSimulatorProcess({ model: STUDENT_ID, slots: 16, decodeMs: 0, prefillMs: 0, overheadMs: 0, dataset: `gsm8k=${files.get(LARGEST)!}` }, ws.dir);
  const measured = new Map<string, Measured>();
  const rerunRequests = new Map<number, number>();
  try {
    for (const n of SCALE_SIZES) {
      const name = `scale-${n}`;
      const config = join(ws.dir, `${name}.json`);
      await writeFile(config, `${JSON.stringify(scaleConfig(name, files.get(n)!, sim.url), null, 2)}\n`);
      const run = ['run', config, '--results', ws.results, '--quiet'];
      measured.set(`run ${n}`, await step(ws, run, `gkt run ${name}`));
      const before = sim.requests();
      const rerun = await runGkt(run, { cwd: ws.dir, rssDir: ws.rss });
      measured.set(`rerun ${n}`, finished(rerun, `gkt run ${name} (again)`));
      rerunRequests.set(n, sim.requests() - before);
      if (requestsClaimed(rerun.stderr) !== 0) throw new Error(`the rerun of ${name} made requests: ${rerun.stderr.trim().split('\n').slice(-1)[0]}`);
      measured.set(`report ${n}`, await step(ws, ['report', join(ws.results, name), '-o', join(ws.dir, `${name}-report`)], `gkt report ${name}`));
    }
  } finally {
    await sim.stop();
  }
  return scaleFigures(measured, rerunRequests);
}

async function step(ws: Workspace, args: string[], what: string): Promise<Measured> {
  return finished(await runGkt(args, { cwd: ws.dir, rssDir: ws.rss }), what);
}

function finished(result: Finished, what: string): Measured {
  if (result.code !== 0) throw new Error(`${what} exited with code ${result.code}:\n${result.stderr.trim().split('\n').slice(-12).join('\n')}`);
  if (result.peakRssBytes === null) throw new Error(`${what}: the process reported no peak memory`);
  return { peakMb: result.peakRssBytes / MB, seconds: result.wallMs / 1000 };
}

/** Pure: the figures, each size's as ratios to the smallest's. */
export function scaleFigures(measured: ReadonlyMap<string, Measured>, rerunRequests: ReadonlyMap<number, number>): Figure[] {
  const group = 'Memory at scale';
  const figures: Figure[] = [];
  for (const { step, title } of STEPS) {
    const base = measured.get(`${step} ${BASE}`)!;
    const subgroup = title;
    figures.push(
      { id: `scale.${step}.peak-rss-mb`, group, subgroup, label: `peak RSS at ${BASE} items`, value: base.peakMb, unit: 'MB' },
      { id: `scale.${step}.wall-s`, group, subgroup, label: `wall time at ${BASE} items`, value: base.seconds, unit: 's' },
    );
    for (const n of SCALE_SIZES.slice(1)) {
      const at = measured.get(`${step} ${n}`)!;
      figures.push({
        id: `scale.${step}.peak-rss-ratio-${n}`,
        group,
        subgroup,
        label: `peak RSS at ${n} items / at ${BASE}`,
        value: at.peakMb / base.peakMb,
        unit: 'ratio',
        target: { op: '<=', value: RSS_RATIO_TARGET },
        note: `${at.peakMb.toFixed(0)} MB`,
      });
      figures.push({
        id: `scale.${step}.wall-ratio-${n}`,
        group,
        subgroup,
        label: `wall time at ${n} items / at ${BASE}`,
        value: at.seconds / base.seconds,
        unit: 'ratio',
        note: `${at.seconds.toFixed(1)} s`,
      });
    }
    if (step === 'rerun') {
      figures.push(
        {
          id: 'scale.rerun.wall-s-largest',
          group,
          subgroup,
          label: `wall time of the rerun at ${LARGEST} items`,
          value: measured.get(`rerun ${LARGEST}`)!.seconds,
          unit: 's',
          target: { op: '<=', value: RERUN_SECONDS_TARGET },
        },
        {
          id: 'scale.rerun.requests',
          group,
          subgroup,
          label: 'requests made by the reruns, all sizes',
          value: [...rerunRequests.values()].reduce((a, b) => a + b, 0),
          unit: 'requests',
          target: { op: '<=', value: 0 },
          note: 'counted by the server',
        },
      );
    }
  }
  return figures;
}
