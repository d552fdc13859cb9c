// What a simulated chat model writes in its turn: a chain of thought (in a thinking segment, for a reasoning model), then its answer, then it stops.
import { DEFAULT_MARKERS as MARKERS, splitReply } from '../chat/thinking.js';
import { createRng, deriveSeed } from '../util/rng.js';
import { planAnswer, type ModelTraits } from './answer.js';
import { answerPath } from './paths.js';
import type { ChatProfile } from './profile.js';
import type { AnswerStyle } from './read-prompt.js';
import type { SimItem } from './sim-item.js';

export interface TurnContext {
  item: SimItem;
  traits: ModelTraits;
  chat: ChatProfile;
  style: AnswerStyle;
  /** The request's seed (0 under greedy decoding). */
  seed: number;
  /** What the assistant's turn holds already (guidance, an opened thinking segment). */
  open: string;
}

/** A base model's continuation runs on into invented questions; a chat model's turn ends where they would begin. */
function untilNextQuestion(text: string): string {
  const at = text.indexOf('\n\nQ:');
  return at === -1 ? text : text.slice(0, at);
}

/** The path a written text continues, as far as the turn goes: what planAnswer writes, cut at the turn's end. */
function continueText(context: TurnContext, written: string, style: AnswerStyle): { text: string; correct: boolean | null } {
  const plan = planAnswer(context.item, { style, question: '', written: ` ${written.trimStart()}` }, context.traits, context.seed);
  const text = untilNextQuestion(plan.text(600));
  // At the turn's start there is no `A:` to follow with a space.
  return { text: written.trim() === '' ? text.trimStart() : text, correct: plan.correct };
}

/** The answer an earlier text committed to (its last `The answer is X`), judged against the gold. */
function committedCorrect(item: SimItem, text: string): boolean | null {
  const found = [...text.matchAll(/The answer is \(?([^\s.)]+)/g)].at(-1)?.[1];
  return found === undefined ? null : found === item.gold;
}

type Format = 'plain' | 'boxed' | 'bold' | 'hash';

/** Drawn per model, item and seed, at the profile's rates, so a rerun writes the same. */
function formatFor(context: TurnContext): Format {
  const { boxed, bold, hash } = context.chat.formats;
  const draw = createRng(deriveSeed(context.traits.modelId, context.item.id, context.seed, 'format'))();
  if (draw < boxed) return 'boxed';
  if (draw < boxed + bold) return 'bold';
  if (draw < boxed + bold + hash) return 'hash';
  return 'plain';
}

/** The final answer sentence in the drawn format: `\boxed{}`, bold, GSM8K's `####`, or `The answer is`. */
function formatted(text: string, format: Format): string {
  if (format === 'plain') return text;
  const match = [...text.matchAll(/ The answer is ([^\s]+?)\.$/g)].at(-1);
  if (match === undefined) return text;
  const answer = match[1]!;
  const head = text.slice(0, match.index);
  if (format === 'boxed') return `${head} So the final answer is $\\boxed{${answer}}$.`;
  if (format === 'bold') return `${head}\n\n**Answer: ${answer}**`;
  return `${head}\n#### ${answer}`;
}

/** A short answer after thinking: the concise path of the same verdict. */
function answerAfterThinking(context: TurnContext, correct: boolean): string {
  return answerPath(context.item, 'concise', correct).text;
}

/**
 * The rest of the turn after `context.open`. An instruct model continues the chain of thought and states its
 * answer. A reasoning model thinks first (the chain of thought, inside `<think>`), then answers in brief;
 * guidance in its thinking steers the thinking, guidance after it steers the answer.
 */
export function chatReply(context: TurnContext): string {
  const format = formatFor(context);
  if (context.chat.thinking === 'none') return formatted(continueText(context, context.open, context.style).text, format);
  const split = splitReply(context.open, MARKERS, false);
  if (split.thinking === null && context.open.trim() !== '') {
    return formatted(continueText(context, context.open, 'concise').text, format);
  }
  const opening = split.thinking === null ? `${MARKERS.open}\n` : '';
  if (!split.closed) {
    const thinking = continueText(context, split.thinking ?? '', context.style);
    const correct = thinking.correct ?? committedCorrect(context.item, (split.thinking ?? '') + thinking.text) ?? false;
    return `${opening}${thinking.text}\n${MARKERS.close}\n\n${formatted(answerAfterThinking(context, correct), format)}`;
  }
  const verdict = committedCorrect(context.item, split.thinking ?? '') ?? continueText(context, split.thinking ?? '', context.style).correct ?? false;
  const written = split.answer.trimStart();
  if (written.trim() === '') return formatted(answerAfterThinking(context, verdict), format);
  // An answer already begun after the thinking goes on as the thinking concluded, when it reads so far alike.
  const concluded = answerAfterThinking(context, verdict);
  for (const whole of [formatted(concluded, format), concluded]) if (whole.startsWith(written)) return whole.slice(written.length);
  return formatted(continueText(context, written, 'concise').text, format);
}
