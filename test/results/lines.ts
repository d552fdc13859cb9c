// Hand-built lines of a run's record files, whole and valid in the run format, for tests of the results store.
import type { CellHeader, ItemRecord, PassHeader, TeacherRecord } from '../../src/results/records.js';
import type { Cell, TeacherPass } from '../../src/plan/types.js';
import type { ScoredExtraction } from '../../src/extract/types.js';

const SHA = 'a'.repeat(64);
export const CELL_ID = 'c-000000000001';
export const PASS_ID = 't-000000000001';

export const line = (value: unknown): string => `${JSON.stringify(value)}\n`;

export function cell(id = CELL_ID): Cell {
  return {
    id,
    label: 'Sim-7B alone 40',
    kind: 'single',
    dataset: { name: 'gsm8k', sha256: SHA },
    prompt: { format: 'reference', shots: 8, sha256: SHA },
    mode: 'faithful',
    repeat: 0,
    seed: 1,
    teacher: null,
    student: { model: { name: 'sim', model: 'sim-7b' }, maxTokens: 40, batching: { kind: 'serial' }, sampling: { temperature: 0.8, topP: 0.95 } },
  };
}

export function pass(id = PASS_ID): TeacherPass {
  return {
    id,
    dataset: { name: 'gsm8k', sha256: SHA },
    prompt: { format: 'reference', shots: 8, sha256: SHA },
    model: { name: 'teacher', model: 'sim-13b' },
    projection: 'cutoff',
    maxTokens: 20,
    serves: [10, 20],
    batching: { kind: 'static', size: 2 },
    sampling: { temperature: 0.8, topP: 0.9 },
    mode: 'faithful',
    seed: 1,
    boundaries: 'tokens',
  };
}

export const cellHeader = (id = CELL_ID): CellHeader => ({ type: 'cell', format: 2, cell: cell(id), gkt: '0.1.0' });
export const passHeader = (id = PASS_ID): PassHeader => ({ type: 'pass', format: 2, pass: pass(id), gkt: '0.1.0' });

const scored = (correct: boolean): Record<'reference' | 'strict' | 'flexible', ScoredExtraction> => ({
  reference: { rule: 'reference', answer: correct ? '7' : '3', fired: 'answer-is', matched: 'x', fallback: false, correct },
  strict: { rule: 'strict', answer: correct ? '7' : '3', fired: 'answer-is', matched: 'x', fallback: false, correct },
  flexible: { rule: 'flexible', answer: correct ? '7' : '3', fired: 'answer-is', matched: 'x', fallback: false, correct },
});

/** An item record; with `error` set, failed for that role. `n` tells records of one item apart. */
export function itemLine(item: string, options: { error?: 'teacher' | 'student'; n?: number; cell?: string } = {}): ItemRecord {
  const failed = options.error !== undefined;
  return {
    type: 'item',
    cell: options.cell ?? CELL_ID,
    item,
    index: Number(item.split('-').pop()) || 0,
    question: `question ${item}${options.n !== undefined ? ` #${options.n}` : ''}`,
    gold: '7',
    guidance: null,
    student: failed
      ? null
      : { promptSha256: SHA, text: ' The answer is 7.', promptTokens: 100, completionTokens: 6, finishReason: 'stop', responseModel: 'sim-7b', timing: { session: 's-1', start: 1, end: 2, firstToken: null }, attempts: 1, cached: false },
    answers: scored(!failed),
    teacherAnswers: null,
    error: failed ? { kind: 'timeout', message: 'timed out', attempts: 4, role: options.error! } : null,
  };
}

export function teacherLine(item: string, options: { failed?: boolean; pass?: string } = {}): TeacherRecord {
  const failed = options.failed === true;
  return {
    type: 'teacher',
    pass: options.pass ?? PASS_ID,
    item,
    index: Number(item.split('-').pop()) || 0,
    promptSha256: SHA,
    text: failed ? null : 'Let us think.',
    tokens: failed ? null : { end: [3, 7, 13], at: [1, 2, 3] },
    promptTokens: failed ? null : 600,
    completionTokens: failed ? null : 3,
    finishReason: failed ? null : 'length',
    responseModel: failed ? null : 'sim-13b',
    timing: failed ? null : { session: 's-1', start: 1, end: 4, firstToken: 2 },
    batch: { index: 0, start: 0.5 },
    attempts: failed ? 4 : 1,
    cached: false,
    error: failed ? { kind: 'server', message: 'HTTP 500', attempts: 4, status: 500 } : null,
  };
}

export const segmentLine = (event: 'start' | 'end') => ({ type: 'segment' as const, session: 's-1', event, at: 1, wall: '2026-01-01T00:00:00.000Z' });
