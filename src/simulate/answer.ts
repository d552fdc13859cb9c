// Decides how a simulated model answers a prompt: which path it takes given any guidance, and the text it writes.
import { createRng, deriveSeed } from '../util/rng.js';
import { answerPath, answerSentence, closingSentence, turnSentence } from './paths.js';
import type { AnswerPath } from './paths.js';
import { ANSWER_STYLES } from './read-prompt.js';
import type { PromptReading } from './read-prompt.js';
import type { SimItem } from './sim-item.js';
import { tailText } from './tail.js';
import { countTokens } from './tokenizer.js';

export interface ModelTraits {
  modelId: string;
  accuracy: number;
  helpHorizon: number;
  /** Share of items decided by a hardness every model shares (see SimulatorProfile.difficulty); 0 by default. */
  difficulty?: number;
}

/** What the guidance already written says about the answer. */
export type Evidence = 'none' | 'neutral' | 'correct' | 'wrong' | 'committed';

export interface AnswerPlan {
  item: SimItem;
  evidence: Evidence;
  /** Whether the answer ends correct; null when the guidance had already given an answer of its own. */
  correct: boolean | null;
  /** The model's continuation of the prompt, at least `minChars` long; shorter requests get a prefix of longer ones. */
  text: (minChars: number) => string;
  /**
   * Where the continuation doubts: from the text that opens the stretch ('' for its very start) to the end of
   * its answer sentence `until`. Mostly where it goes wrong; null when it writes without doubt.
   */
  doubt: { from: string; until: string } | null;
}

/**
 * Chance of ending correct. Guidance on the correct path pulls it toward 1, on the wrong path toward 0,
 * in proportion to its length up to `helpHorizon` tokens; guidance that fits both paths or neither says nothing.
 */
export function correctProbability(accuracy: number, evidence: Evidence, guidanceTokens: number, helpHorizon: number): number {
  const h = Math.min(1, guidanceTokens / helpHorizon);
  if (evidence === 'correct') return accuracy + (1 - accuracy) * h;
  if (evidence === 'wrong') return accuracy * (1 - h);
  return accuracy;
}

/** `seed` is the request's seed, or 0 under greedy decoding, so greedy answers never depend on it. */
export function planAnswer(item: SimItem, reading: PromptReading, traits: ModelTraits, seed: number): AnswerPlan {
  const core = reading.written.trimEnd();
  const fit = fitWritten(reading.written.slice(core.length));
  // Room for the white space `fit` may drop, so every text is at least the length asked for.
  const slack = reading.written.length - core.length + 1;
  const styles = [reading.style, ...ANSWER_STYLES.filter((s) => s !== reading.style)];
  const matching = styles
    .flatMap((style) => [answerPath(item, style, true), answerPath(item, style, false)])
    .filter((path) => fullText(item, path, core.length).startsWith(core));

  const committed = matching.find((path) => core.length > 1 + path.answerAt);
  if (committed !== undefined) return continuing(item, 'committed', null, committed, core, slack, fit, null);
  if (matching.length === 0 && /the answer is\s*\S/i.test(core)) {
    return { item, evidence: 'committed', correct: null, text: (min) => fit(tailText(item, min + slack)), doubt: null };
  }

  const hasCorrect = matching.some((p) => p.correct);
  const hasWrong = matching.some((p) => !p.correct);
  const evidence: Evidence = matching.length === 0 ? 'none' : hasCorrect && hasWrong ? 'neutral' : hasCorrect ? 'correct' : 'wrong';
  const p = correctProbability(traits.accuracy, evidence, countTokens(core.trim()), traits.helpHorizon);
  const correct = decidedByHardness(item, traits.difficulty ?? 0)
    ? hardness(item) < p
    : createRng(deriveSeed(traits.modelId, item.id, seed, 'path'))() < p;
  const answer = correct ? item.gold : item.wrong;

  // A quarter of wrong answers are written without a doubt, and one right answer in seven doubts all along.
  const manner = createRng(deriveSeed(traits.modelId, item.id, seed, 'manner'))();
  const until = answerSentence(answer).trim();
  const doubting = (from: string): AnswerPlan['doubt'] => (correct ? (manner < 0.15 ? { from: '', until } : null) : manner < 0.25 ? null : { from, until });

  const same = matching.find((path) => path.correct === correct);
  if (same !== undefined) return continuing(item, evidence, correct, same, core, slack, fit, doubting(wrongTurn(item, same, core)));
  let head: string;
  let from = '';
  if (matching.length > 0) {
    head = `${finishSentence(item, matching[0]!, core)} ${turnSentence(item, answer)}${answerSentence(answer)}`;
    from = turnSentence(item, answer);
  } else if (/the answer is$/i.test(core)) {
    head = ` ${answer}.`;
  } else {
    head = ` ${closingSentence(item, answer)}${answerSentence(answer)}`;
  }
  return { item, evidence, correct, text: (min) => fit(head + tailText(item, min + slack - head.length)), doubt: doubting(from) };
}

/** Whether an item's outcome is its shared hardness's, not a draw of its own (a `difficulty` share of items). */
function decidedByHardness(item: SimItem, difficulty: number): boolean {
  return difficulty > 0 && createRng(deriveSeed(item.id, 'decided'))() < difficulty;
}

/** An item's hardness in [0, 1), the same for every model: such an item is right for a model whose chance is above it. */
function hardness(item: SimItem): number {
  return createRng(deriveSeed(item.id, 'hardness'))();
}

/**
 * Where a wrong path continued from `core` departs from the right one of its style: the first words after
 * the two part, or the very start when `core` has passed that point already.
 */
function wrongTurn(item: SimItem, path: AnswerPath, core: string): string {
  const right = answerPath(item, path.style, true).text;
  let at = 0;
  while (at < right.length && right[at] === path.text[at]) at++;
  // `core` holds the space after `A:` and the path after it.
  return core.length - 1 > at ? '' : path.text.slice(at, at + 16);
}

/** The stretch of a continuation where it doubts: from its marker to the end of its answer sentence. */
export function doubtSpan(text: string, plan: Pick<AnswerPlan, 'doubt'>): { start: number; end: number } | null {
  if (plan.doubt === null) return null;
  const start = plan.doubt.from === '' ? 0 : text.indexOf(plan.doubt.from);
  if (start === -1) return null;
  const at = text.indexOf(plan.doubt.until, start);
  return { start, end: at === -1 ? text.length : at + plan.doubt.until.length };
}

function continuing(
  item: SimItem,
  evidence: Evidence,
  correct: boolean | null,
  path: AnswerPath,
  core: string,
  slack: number,
  fit: (text: string) => string,
  doubt: AnswerPlan['doubt'],
): AnswerPlan {
  return { item, evidence, correct, text: (min) => fit(fullText(item, path, core.length + min + slack).slice(core.length)), doubt };
}

/** What a model writes after `A:` on a path: a space, the path, then the endless tail. */
function fullText(item: SimItem, path: AnswerPath, minChars: number): string {
  const head = ` ${path.text}`;
  return head + tailText(item, minChars - head.length);
}

/** The rest of the sentence the guidance broke off in, so a change of mind starts at a sentence boundary. */
function finishSentence(item: SimItem, path: AnswerPath, core: string): string {
  if (/[.!?]$/.test(core)) return '';
  const reasoningEnd = 1 + path.answerAt;
  const text = fullText(item, path, reasoningEnd);
  const stop = text.indexOf('. ', core.length);
  return text.slice(core.length, stop === -1 || stop >= reasoningEnd ? reasoningEnd : stop + 1);
}

/**
 * Continuations are written as if the prompt ended at the last visible character; white space the
 * prompt already ends with (the space after `A:`) is not written twice.
 */
function fitWritten(trailing: string): (text: string) => string {
  if (trailing === '') return (text) => text;
  return (text) => (text.startsWith(trailing) ? text.slice(trailing.length) : text.trimStart());
}
