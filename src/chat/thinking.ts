// Thinking segments of reasoning models: where a reply's thinking ends and its answer starts, and the text that reopens either.
import type { ThinkingMarkers } from '../vocabulary.js';

export const DEFAULT_MARKERS: ThinkingMarkers = { open: '<think>', close: '</think>' };

/**
 * Whether a reply to `prompt` starts inside a thinking segment: the prompt (a template's generation
 * prompt, as DeepSeek-R1's `<｜Assistant｜><think>\n`) opened one and did not close it.
 */
export function startsInside(prompt: string, markers: ThinkingMarkers): boolean {
  const open = prompt.lastIndexOf(markers.open);
  return open !== -1 && prompt.indexOf(markers.close, open + markers.open.length) === -1;
}

export interface SplitReply {
  /** The thinking between the markers (without them); null when the reply has no thinking segment. */
  thinking: string | null;
  /** Whether the segment was closed in the reply (an unclosed one ran out of tokens). */
  closed: boolean;
  /** What follows the segment (all of the reply when it has none). */
  answer: string;
  /** Offsets in the reply: where the thinking text starts and ends, and where the answer starts. */
  thinkingAt: { start: number; end: number } | null;
  answerAt: number;
}

/**
 * A reply that starts inside a segment is thinking up to the close marker. Otherwise a segment counts only
 * when the reply opens with it (after white space): a marker further on is something the answer mentions.
 */
export function splitReply(reply: string, markers: ThinkingMarkers, inside: boolean): SplitReply {
  let start: number;
  if (inside) {
    start = 0;
  } else {
    const lead = reply.length - reply.trimStart().length;
    if (!reply.startsWith(markers.open, lead)) return { thinking: null, closed: false, answer: reply, thinkingAt: null, answerAt: 0 };
    start = lead + markers.open.length;
  }
  const close = reply.indexOf(markers.close, start);
  if (close === -1) {
    return { thinking: reply.slice(start), closed: false, answer: '', thinkingAt: { start, end: reply.length }, answerAt: reply.length };
  }
  const answerAt = close + markers.close.length;
  return { thinking: reply.slice(start, close), closed: true, answer: reply.slice(answerAt), thinkingAt: { start, end: close }, answerAt };
}

/**
 * The text an assistant turn holds before the model continues it, when `inside` says whether the prompt
 * has opened the thinking segment already.
 * - `thinking`: the turn is inside its thinking, which holds this text so far (`<think>\n…`).
 * - `answer`: the thinking is over, empty (`<think>\n\n</think>\n\n`, as Qwen3 writes when it does not
 *   think), and the answer holds this text so far.
 */
export function turnText(markers: ThinkingMarkers, inside: boolean, segment: 'thinking' | 'answer', text: string): string {
  const open = inside ? '' : `${markers.open}\n`;
  return segment === 'thinking' ? `${open}${text}` : `${open}\n${markers.close}\n\n${text}`;
}

/** A reply whose thinking ran past its budget, closed by gkt so that the model goes on to its answer. */
export function closeThinking(reply: string, markers: ThinkingMarkers): string {
  return `${reply}${reply.endsWith('\n') ? '' : '\n'}${markers.close}\n\n`;
}
