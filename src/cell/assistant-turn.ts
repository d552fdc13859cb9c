// Continuing an assistant turn: the model writes on from the text its turn holds, in one request, or two when its thinking runs past the budget.
import type { ChatMessage } from '../chat/render.js';
import { closeThinking, splitReply, type SplitReply } from '../chat/thinking.js';
import { type ThinkingMarkers } from '../vocabulary.js';
import type { GenerateRequest, Generation, ModelApi, TokenSpan } from '../models/types.js';
import type { ThinkingRecord } from '../results/records.js';
import { turnInput, type ChatFormatting } from './formatting.js';

/** A request's settings but its input, which the turn decides. `maxTokens` bounds the whole turn, thinking and answer. */
export type TurnSettings = Omit<GenerateRequest, 'prompt' | 'chat' | 'addSpecialTokens'>;

export interface TurnResult extends Generation {
  /** What the model wrote after the turn's text, over all its requests, with any close marker gkt put in. */
  text: string;
  /** The whole turn (its text before, then `text`) split into thinking and answer. */
  split: SplitReply;
  /** Where the turn's text before ends in the whole turn: `split`'s offsets minus this are offsets in `text`. */
  turnLength: number;
  thinking: ThinkingRecord | null;
  requests: number;
  /** The first request's prompt, as sent. */
  prompt: string;
}

/** Joins the reasoning a server returned apart back into the reply, markers and all, so that one reading serves every server. */
function withReasoning(generation: Generation, markers: ThinkingMarkers | null, inside: boolean): string {
  if (generation.reasoning === undefined || markers === null) return generation.text;
  return `${inside ? '' : markers.open}${generation.reasoning}${markers.close}${generation.text}`;
}

/**
 * A reply to a server's own template that starts mid-thinking shows it only by a close marker without an
 * open one before it (DeepSeek-R1 distills, whose generation prompt opens the segment).
 */
function readsInside(whole: string, markers: ThinkingMarkers, inside: boolean): boolean {
  if (inside) return true;
  const close = whole.indexOf(markers.close);
  return close !== -1 && !whole.trimStart().startsWith(markers.open);
}

/**
 * Runs the turn. With a thinking budget and the thinking not closed in the turn's text, the first request
 * writes at most `budget` tokens; if the segment is still open then, gkt closes it and a second request
 * has the model answer with what is left of `maxTokens`. A first request cut at the budget after the model
 * closed its thinking itself goes on the same way, without a marker added.
 */
export async function continueTurn(
  api: ModelApi,
  f: ChatFormatting,
  messages: readonly ChatMessage[],
  turn: string,
  settings: TurnSettings,
  signal: AbortSignal,
): Promise<TurnResult> {
  const markers = f.chat.thinking;
  const first = turnInput(f, messages, turn);
  const budget = markers?.budget ?? null;
  const alreadyClosed = markers !== null && splitReply(turn, markers, first.inside).closed;
  const firstMax = budget === null || alreadyClosed ? settings.maxTokens : Math.min(settings.maxTokens, budget);
  const a = await api.generate({ ...settings, ...inputOf(first), maxTokens: firstMax }, signal);
  const openBefore = markers !== null && isOpen(splitReply(turn, markers, first.inside));
  const replyA = withReasoning(a, markers, openBefore);
  const steps: Array<{ generation: Generation; text: string; inserted: string }> = [{ generation: a, text: replyA, inserted: '' }];

  const used = a.completionTokens ?? firstMax;
  if (markers !== null && firstMax < settings.maxTokens && a.finishReason === 'length' && used < settings.maxTokens) {
    const open = isOpen(splitReply(turn + replyA, markers, readsInside(turn + replyA, markers, first.inside)));
    const inserted = open ? closeThinking(turn + replyA, markers).slice(turn.length + replyA.length) : '';
    const second = turnInput(f, messages, turn + replyA + inserted);
    const b = await api.generate({ ...settings, ...inputOf(second), maxTokens: settings.maxTokens - used }, signal);
    steps.push({ generation: b, text: withReasoning(b, markers, false), inserted });
  }
  return joinSteps(steps, turn, markers, first.inside, first.prompt);
}

const isOpen = (split: SplitReply): boolean => split.thinking !== null && !split.closed;

/** No markers: the whole turn is answer. */
const NO_MARKERS: ThinkingMarkers = { open: '\u0000', close: '\u0000' };

function inputOf(input: ReturnType<typeof turnInput>): Pick<GenerateRequest, 'prompt' | 'chat' | 'addSpecialTokens'> {
  const { inside: _inside, ...request } = input;
  return request;
}

function joinSteps(
  steps: Array<{ generation: Generation; text: string; inserted: string }>,
  turn: string,
  markers: ThinkingMarkers | null,
  inside: boolean,
  prompt: string,
): TurnResult {
  const first = steps[0]!.generation;
  const last = steps.at(-1)!.generation;
  let text = '';
  let tokens: TokenSpan[] | null = [];
  for (const { generation, text: part, inserted } of steps) {
    text += inserted;
    const offset = text.length;
    // Arrival times count from the turn's first request, so a token of the second is timed from when the turn began.
    const shift = generation.start - first.start;
    if (tokens !== null && generation.tokens !== null && generation.reasoning === undefined) {
      for (const t of generation.tokens) tokens.push({ ...t, end: offset + t.end, at: t.at === null ? null : t.at + shift });
    } else {
      tokens = null;
    }
    text += part;
  }
  const whole = turn + text;
  const split = markers === null ? splitReply(whole, NO_MARKERS, false) : splitReply(whole, markers, readsInside(whole, markers, inside));
  const forced = steps.some((s) => s.inserted !== '');
  const sum = (pick: (g: Generation) => number | null) => steps.reduce<number | null>((total, s) => (total === null || pick(s.generation) === null ? null : total + pick(s.generation)!), 0);
  return {
    ...last,
    text,
    tokens,
    promptTokens: first.promptTokens,
    completionTokens: sum((g) => g.completionTokens),
    start: first.start,
    firstTokenAt: first.firstTokenAt ?? last.firstTokenAt,
    attempts: steps.reduce((n, s) => n + s.generation.attempts, 0),
    cached: steps.every((s) => s.generation.cached),
    split,
    turnLength: turn.length,
    thinking: split.thinking === null ? null : thinkingRecord(split, turn.length, tokens, forced),
    requests: steps.length,
    prompt,
  };
}

/** The model's own thinking tokens: those of its text that end inside the segment (guidance the turn held is not its own). */
function thinkingRecord(split: SplitReply, turnLength: number, tokens: TokenSpan[] | null, forced: boolean): ThinkingRecord {
  const start = split.thinkingAt!.start - turnLength;
  const end = split.thinkingAt!.end - turnLength;
  return {
    text: split.thinking!,
    tokens: tokens === null ? null : tokens.filter((t) => t.end > start && t.end <= end).length,
    end: split.closed ? (forced ? 'budget' : 'closed') : 'open',
  };
}
