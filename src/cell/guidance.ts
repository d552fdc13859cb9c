// Guidance from a teacher's completion: its first N tokens, then the reference code's "after the last \nA:" rule.
import type { TeacherRecord } from '../results/records.js';
import { pythonStrip } from '../util/python-strip.js';

/**
 * The reference code decodes prompt + generation and keeps what follows the last `\nA:`, stripped.
 * When the teacher goes on to invent its own next question and answer, that is what it keeps.
 */
export function guidanceFromDecoded(decoded: string): string {
  const at = decoded.lastIndexOf('\nA:');
  return pythonStrip(at === -1 ? decoded : decoded.slice(at + 3));
}

export interface CutGuidance {
  /** The teacher's first N tokens as generated. */
  raw: string;
  /** Tokens in `raw`: N, or fewer when the teacher stopped first. */
  tokens: number;
  /** ms after the teacher request's start when token N arrived, when streamed. */
  readyAt: number | null;
  /** True when cut short of the whole completion (its time is then derived, not measured). */
  derived: boolean;
}

/**
 * The first N tokens of a teacher completion, cut at the token boundaries the server reported. `text` is
 * the segment the boundaries are of: the completion, or a reasoning teacher's thinking.
 */
export function cutTeacherText(record: TeacherRecord, n: number, text: string = record.text ?? ''): CutGuidance {
  const ends = record.tokens?.end ?? null;
  if (ends === null || n >= ends.length) {
    const tokens = ends?.length ?? record.completionTokens ?? 0;
    const last = record.tokens?.at[tokens - 1] ?? null;
    return { raw: text, tokens, readyAt: last, derived: false };
  }
  return {
    raw: text.slice(0, ends[n - 1]),
    tokens: n,
    readyAt: record.tokens?.at[n - 1] ?? null,
    derived: true,
  };
}
