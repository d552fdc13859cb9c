// Figures 4 and 5: peak memory of a paper-size sweep (and its growth with items), then a rerun of the finished sweep.
import { join } from 'node:path';
import { readRunContents } from '../src/results/read-run.js';
import type { Figure } from './figure.js';
import { startSimulatorPair } from './processes.js';
import { MB } from './stats.js';
import { PAPER_PAIR_CELLS, STUDENT_ID, TEACHER_ID } from './sweep-configs.js';
import { GSM8K_ITEMS, runSweep, type SweepRun, type Workspace } from './workspace.js';

export const SMALL_ITEMS = 100;

/** `gkt: done in 12.3 s, 17147 requests made; ...` */
export function requestsClaimed(stderr: string): number | null {
  const match = /done in [\d.]+ s, (\d+) requests made/.exec(stderr);
  return match ? Number(match[1]) : null;
}

export async function measurePaperSweep(ws: Workspace): Promise<Figure[]> {
  const dataset = `gsm8k=${ws.dataset}`;
  // Zero latency: what is left is gkt's own work per request and what it keeps in memory.
  const [teacher, student] = await startSimulatorPair(
    { model: TEACHER_ID, slots: 24, decodeMs: 0, prefillMs: 0, overheadMs: 0, dataset },
    { model: STUDENT_ID, slots: 16, decodeMs: 0, prefillMs: 0, overheadMs: 0, dataset },
    ws.dir,
  );
  const served = () => teacher.requests() + student.requests();
  const models = { teacherUrl: teacher.url, studentUrl: student.url, batch: 24 };
  const paper = (items: number) =>
    ({
      name: `paper-${items}`,
      teacherPasses: 'shared',
      teacherBatching: 'static',
      cells: PAPER_PAIR_CELLS,
      baselines: true,
      cache: join(ws.dir, `cache-${items}`),
    }) as const;
  const figures: Figure[] = [];
  try {
    const small = await runSweep(ws, paper(SMALL_ITEMS), models, ['--limit', String(SMALL_ITEMS)]);
    const before = served();
    const full = await runSweep(ws, paper(GSM8K_ITEMS), models);
    const fullRequests = served() - before;
    const rerunBefore = served();
    const rerun = await runSweep(ws, paper(GSM8K_ITEMS), models);
    const rerunRequests = served() - rerunBefore;
    figures.push(...memoryFigures(small, full, fullRequests, await planShape(full.runDir)), ...rerunFigures(rerun, rerunRequests));
  } finally {
    await Promise.all([teacher.stop(), student.stop()]);
  }
  return figures;
}

function peak(run: SweepRun): number {
  if (run.peakRssBytes === null) throw new Error(`${run.runDir}: the run reported no peak memory`);
  return run.peakRssBytes / MB;
}

/** `1 teacher pass, 12 cells`, as the run's own plan has it. */
async function planShape(runDir: string): Promise<string> {
  const { plan } = await readRunContents(runDir, { prompts: false });
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 'es'}`;
  return `${plural(plan.passes.length, 'teacher pass')}, ${plan.cells.length} cells`;
}

function memoryFigures(small: SweepRun, full: SweepRun, requests: number, shape: string): Figure[] {
  const group = 'Memory';
  const growth = ((peak(full) - peak(small)) / (GSM8K_ITEMS - SMALL_ITEMS)) * 1000;
  return [
    {
      id: 'memory.peak-rss-mb',
      group,
      label: `peak RSS, paper-size sweep (${GSM8K_ITEMS} items, ${shape} with the baselines)`,
      value: peak(full),
      unit: 'MB',
      target: { op: '<=', value: 200 },
      note: `${requests} requests in ${(full.wallMs / 1000).toFixed(1)} s on zero-latency simulators`,
    },
    { id: 'memory.peak-rss-small-mb', group, label: `peak RSS, the same sweep on ${SMALL_ITEMS} items`, value: peak(small), unit: 'MB' },
    { id: 'memory.growth-mb-per-1000-items', group, label: `peak RSS growth per 1000 items (${SMALL_ITEMS} → ${GSM8K_ITEMS})`, value: growth, unit: 'MB' },
    { id: 'memory.sweep-wall-s', group, label: 'wall time of the paper-size sweep, zero-latency servers', value: full.wallMs / 1000, unit: 's' },
  ];
}

function rerunFigures(rerun: SweepRun, requests: number): Figure[] {
  const group = 'Rerun';
  const claimed = requestsClaimed(rerun.stderr);
  return [
    {
      id: 'rerun.requests',
      group,
      label: 'requests made by a rerun of the finished paper-size sweep',
      value: requests,
      unit: 'requests',
      target: { op: '<=', value: 0 },
      note: `counted by the servers; gkt says ${claimed ?? '?'}`,
    },
    { id: 'rerun.wall-s', group, label: 'wall time of the rerun', value: rerun.wallMs / 1000, unit: 's' },
    { id: 'rerun.peak-rss-mb', group, label: 'peak RSS of the rerun', value: peak(rerun), unit: 'MB' },
  ];
}
