// Request and token estimates for a plan, before anything runs (prompt tokens are a characters/4 guess).
import type { DatasetName } from '../vocabulary.js';
import type { Plan } from './types.js';

export interface PhaseEstimate {
  requests: number;
  /** Prompt tokens, estimated at four characters a token. */
  promptTokens: number;
  /** The most output tokens the phase can ask for (faithful mode runs to it). */
  maxOutputTokens: number;
}

const CHARS_PER_TOKEN = 4;

/** `promptChars(dataset, promptSha256)`: mean prompt length in characters for that dataset and prompt. */
export function estimatePlan(
  plan: Plan,
  promptChars: (dataset: DatasetName, promptSha256: string) => number,
): Map<string, PhaseEstimate> {
  const estimates = new Map<string, PhaseEstimate>();
  for (const pass of plan.passes) {
    const n = plan.items[pass.dataset.name]?.length ?? 0;
    estimates.set(pass.id, {
      requests: n,
      promptTokens: Math.round((n * promptChars(pass.dataset.name, pass.prompt.sha256)) / CHARS_PER_TOKEN),
      maxOutputTokens: n * pass.maxTokens,
    });
  }
  for (const cell of plan.cells) {
    const n = plan.items[cell.dataset.name]?.length ?? 0;
    const guidanceChars = (cell.teacher?.guidanceTokens ?? 0) * CHARS_PER_TOKEN;
    estimates.set(cell.id, {
      requests: n,
      promptTokens: Math.round((n * (promptChars(cell.dataset.name, cell.prompt.sha256) + guidanceChars)) / CHARS_PER_TOKEN),
      maxOutputTokens: n * cell.student.maxTokens,
    });
  }
  return estimates;
}
