// What one bench run found: the figures, the machine they were measured on, and the command (the JSON written to disk).
import { execFile } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { promisify } from 'node:util';
import { meets, type Figure } from './figure.js';
import { MB } from './stats.js';

export interface Machine {
  node: string;
  platform: string;
  cpu: string;
  cores: number;
  memoryMb: number;
  /** 1, 5 and 15-minute load averages: a shared machine's figures are read in their light. */
  loadAtStart: number[];
  loadAtEnd: number[];
}

/** A later run of some groups alone, its figures merged in place of theirs (`npm run bench -- --only … --merge`). */
export interface BenchUpdate {
  command: string;
  started: string;
  seconds: number;
  gkt: BenchReport['gkt'];
  machine: Machine;
  /** The figure groups it measured again. */
  groups: string[];
}

export interface BenchReport {
  command: string;
  started: string;
  seconds: number;
  gkt: { version: string; commit: string | null; uncommittedChanges: boolean | null };
  machine: Machine;
  figures: Array<Figure & { met: boolean | null }>;
  targets: { total: number; met: number };
  /** Warnings the measured gkt runs printed. */
  warnings: string[];
  updates?: BenchUpdate[];
}

/**
 * Pure: `earlier` with `later`'s figure groups in place of its own (a group new to it goes last), and
 * `later` noted as an update; the command, time and machine at the top stay `earlier`'s.
 */
export function mergeReports(earlier: BenchReport, later: BenchReport): BenchReport {
  const groups = [...new Set(later.figures.map((f) => f.group))];
  const figures: BenchReport['figures'] = [];
  const placed = new Set<string>();
  for (const figure of earlier.figures) {
    if (!groups.includes(figure.group)) figures.push(figure);
    else if (!placed.has(figure.group)) {
      placed.add(figure.group);
      figures.push(...later.figures.filter((f) => f.group === figure.group));
    }
  }
  figures.push(...later.figures.filter((f) => !placed.has(f.group)));
  const { figures: _figures, targets: _targets, warnings, updates: _updates, ...run } = later;
  return {
    ...earlier,
    figures,
    targets: targetCount(figures),
    warnings: [...new Set([...earlier.warnings, ...warnings])],
    updates: [...(earlier.updates ?? []).filter((u) => !u.groups.every((g) => groups.includes(g))), { ...run, groups }],
  };
}

export function machineNow(loadAtStart: number[]): Machine {
  const all = cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: all[0]?.model.trim() ?? 'unknown',
    cores: all.length,
    memoryMb: Math.round(totalmem() / MB),
    loadAtStart: loadAtStart.map(round2),
    loadAtEnd: loadavg().map(round2),
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The checkout's commit and whether it has changes; null where git cannot tell (no git, not a checkout). */
export async function gitState(cwd: string): Promise<{ commit: string | null; uncommittedChanges: boolean | null }> {
  const run = promisify(execFile);
  try {
    const commit = (await run('git', ['rev-parse', 'HEAD'], { cwd })).stdout.trim();
    // The bench's own outputs are rewritten by every run: they do not make the measured code uncommitted.
    const status = (await run('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!BENCHMARKS.md', ':!bench/results'], { cwd })).stdout.trim();
    return { commit, uncommittedChanges: status !== '' };
  } catch {
    return { commit: null, uncommittedChanges: null };
  }
}

export function withVerdicts(figures: Figure[]): BenchReport['figures'] {
  return figures.map((f) => ({ ...f, met: meets(f) }));
}

export function targetCount(figures: BenchReport['figures']): BenchReport['targets'] {
  const judged = figures.filter((f) => f.met !== null);
  return { total: judged.length, met: judged.filter((f) => f.met === true).length };
}
