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
  /** Tokens in `raw`: N, or fewer when the teacher stopped first or token N ended inside a character. */
  tokens: number;
  /** ms after the teacher request's start when token N arrived, when streamed. */
  readyAt: number | null;
  /** True when cut short of the whole completion (its time is then derived, not measured). */
  derived: boolean;
  /** Present when the cut could not be placed exactly at token N. */
  inexact?: true;
}

/**
 * The first N tokens of a teacher completion, cut at the token boundaries the server reported. `text` is
 * the segment the boundaries are of: the completion, or a reasoning teacher's thinking. A token the
 * server held back inside a character ends where the earlier ones do: the text holds only those.
 */
export function cutTeacherText(record: TeacherRecord, n: number, text: string = record.text ?? ''): CutGuidance {
  const ends = record.tokens?.end ?? null;
  const inexact = new Set(record.tokens?.inexact ?? []);
  if (ends === null || n >= ends.length) {
    // The whole answer: as many tokens as the server counted, where the pieces placed fell short of its count.
    const pieces = ends?.length ?? null;
    const tokens = pieces === null ? (record.completionTokens ?? 0) : inexact.size > 0 ? Math.max(pieces, record.completionTokens ?? 0) : pieces;
    const last = record.tokens?.at[(pieces ?? 0) - 1] ?? null;
    return { raw: text, tokens, readyAt: last, derived: false };
  }
  const cut = ends[n - 1]!;
  return {
    raw: text.slice(0, cut),
    tokens: inexact.has(n - 1) ? ends.indexOf(cut) + 1 : n,
    readyAt: record.tokens?.at[n - 1] ?? null,
    derived: true,
    ...(inexact.has(n - 1) ? { inexact: true as const } : {}),
  };
}
