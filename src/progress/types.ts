// What the runner tells the progress display; the display decides how to show it (bars, lines, nothing).
import type { Role } from '../vocabulary.js';

export interface PhaseInfo {
  label: string;
  role: Role;
  /** Items this phase covers in all, and how many were already recorded before it started. */
  total: number;
  done: number;
  /** Position of this phase in the run, e.g. 3 of 12. */
  index: number;
  count: number;
}

export interface PhaseProgress {
  tick(update: { ok: boolean; completionTokens: number }): void;
  end(): void;
}

export interface ProgressReporter {
  phase(info: PhaseInfo): PhaseProgress;
  /** A message line that must not garble the bars. */
  log(line: string): void;
  close(): void;
}
