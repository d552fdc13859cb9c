// Which single-model cell a GKT cell is compared with: the student alone (Δ) and the teacher alone (Speed Up).
import type { Cell } from '../plan/types.js';
import type { Batching } from '../vocabulary.js';

/** Same dataset, prompt, mode, repeat, seed and output length L: the settings a comparison must hold fixed. */
export function sameSetting(a: Cell, b: Cell): boolean {
  return (
    a.seed === b.seed &&
    a.dataset.name === b.dataset.name &&
    a.dataset.sha256 === b.dataset.sha256 &&
    a.prompt.format === b.prompt.format &&
    a.prompt.shots === b.prompt.shots &&
    a.prompt.sha256 === b.prompt.sha256 &&
    a.mode === b.mode &&
    a.repeat === b.repeat &&
    a.student.maxTokens === b.student.maxTokens
  );
}

export function sameBatching(a: Batching, b: Batching): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind === 'serial' || a.size === (b as { size: number }).size;
}

const SERIAL: Batching = { kind: 'serial' };

/** Cell id → the runs that planned it. Reports of several runs compare each cell with its own run's baselines first. */
export type Origins = ReadonlyMap<string, readonly string[]>;

function singleCells(cells: readonly Cell[], model: string, like: Cell, origins: Origins): Cell[] {
  // Method cells have no GKT teacher either: only a model answering alone is a baseline.
  const matching = cells.filter((c) => c.kind === 'single' && c.teacher === null && c.student.model.name === model && sameSetting(c, like));
  const own = new Set(origins.get(like.id) ?? []);
  const sameRun = (c: Cell) => (origins.get(c.id) ?? []).some((run) => own.has(run));
  return [...matching.filter(sameRun), ...matching.filter((c) => !sameRun(c))];
}

/**
 * The student answering alone. Batching does not change what a model answers, so any single-model
 * cell of the student counts; one with the student's own batching is preferred.
 */
export function studentAloneFor(cell: Cell, cells: readonly Cell[], origins: Origins = new Map()): Cell | null {
  if (cell.teacher === null) return null;
  const candidates = singleCells(cells, cell.student.model.name, cell, origins);
  return candidates.find((c) => sameBatching(c.student.batching, cell.student.batching)) ?? candidates[0] ?? null;
}

/** The teacher answering alone under `batching` (serial for the paper's Speed Up). */
export function teacherAloneFor(cell: Cell, cells: readonly Cell[], batching: Batching = SERIAL, origins: Origins = new Map()): Cell | null {
  if (cell.teacher === null) return null;
  return singleCells(cells, cell.teacher.model.name, cell, origins).find((c) => sameBatching(c.student.batching, batching)) ?? null;
}

/** `model` answering alone under `batching` (serial by default), in the setting of `like`: a baseline of any cell. */
export function aloneFor(model: string, like: Cell, cells: readonly Cell[], batching: Batching = SERIAL, origins: Origins = new Map()): Cell | null {
  return singleCells(cells, model, like, origins).find((c) => sameBatching(c.student.batching, batching)) ?? null;
}
