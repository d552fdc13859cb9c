// Request and token estimates for a plan, before anything runs (prompt tokens are a characters/4 guess).
import type { DatasetName } from '../vocabulary.js';
import type { Cell, Plan } from './types.js';

export interface PhaseEstimate {
  requests: number;
  /** Prompt tokens, estimated at four characters a token. */
  promptTokens: number;
  /** The most output tokens the phase can ask for (faithful mode runs to it). */
  maxOutputTokens: number;
  /**
   * exact: one request per item; at-most: a method whose requests depend on the answers (hand-offs,
   * cascades), bounded by its caps; none: a router, which reads records and asks nothing.
   */
  bound?: 'at-most' | 'none';
  /** A method's requests per model role, at most. */
  roles?: { teacher: number; student: number };
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
    if (cell.method !== undefined) {
      estimates.set(cell.id, methodEstimate(cell, n, promptChars(cell.dataset.name, cell.prompt.sha256)));
      continue;
    }
    const guidanceChars = (cell.teacher?.guidanceTokens ?? 0) * CHARS_PER_TOKEN;
    estimates.set(cell.id, {
      requests: n,
      promptTokens: Math.round((n * (promptChars(cell.dataset.name, cell.prompt.sha256) + guidanceChars)) / CHARS_PER_TOKEN),
      maxOutputTokens: n * cell.student.maxTokens,
    });
  }
  return estimates;
}

/**
 * A method's requests per item, at most: a hand-off's turns are capped by its hand-offs (a per-step teacher
 * turn takes up to two requests, when its tokens end a step; a confidence student turn one per window),
 * every request sending the prompt and at most the whole answer; together they generate at most L tokens. A
 * cascade asks for its k samples and, at most, the teacher. A router asks nothing.
 */
function methodEstimate(cell: Cell, n: number, promptChars: number): PhaseEstimate {
  const method = cell.method!;
  const length = cell.student.maxTokens;
  const prompt = promptChars / CHARS_PER_TOKEN;
  if (method.kind === 'route') return { requests: 0, promptTokens: 0, maxOutputTokens: 0, bound: 'none', roles: { teacher: 0, student: 0 } };
  if (method.kind === 'cascade') {
    const perItem = method.samples + 1;
    return { requests: n * perItem, promptTokens: Math.round(n * perItem * prompt), maxOutputTokens: n * perItem * length, bound: 'at-most', roles: { teacher: n, student: n * method.samples } };
  }
  // Turns alternate, a student's last turn once no round trip is left: at most maxHandoffs changes of writer.
  const turns = Math.min(method.maxHandoffs + 1, length);
  const policy = method.policy;
  const teacherTurns = policy.name === 'per-step' ? Math.ceil(turns / 2) : Math.floor(turns / 2);
  const studentTurns = turns - teacherTurns;
  const teacher = Math.min(policy.name === 'per-step' ? 2 * teacherTurns : teacherTurns, length);
  const student = policy.name === 'per-step' ? studentTurns : Math.min(studentTurns + Math.ceil(length / policy.window), length);
  const requests = teacher + student;
  return {
    requests: n * requests,
    promptTokens: Math.round(n * requests * (prompt + length)),
    maxOutputTokens: n * length,
    bound: 'at-most',
    roles: { teacher: n * teacher, student: n * student },
  };
}
