// Segment accounting: what part of a request's text joins the answer, how many of its writer's tokens that is, and the rest paid for.
import type { Generation } from '../../models/types.js';
import type { AnswerSegment, HandoffTrace, LogprobSummary, RequestFacts, RoleTokens } from '../../results/method-records.js';
import { answerBlock } from '../../extract/answer-block.js';
import type { Written } from './writer.js';
import { answeredFields } from '../answered.js';

/** What of a request's text joins the answer. */
export interface Kept {
  text: string;
  /** The writer's tokens at least partly in `text`. */
  tokens: number;
  counted: AnswerSegment['counted'];
}

/**
 * All of it. A server that stopped at a stop string cut its text there and reports the tokens that hold what
 * is left (token-ends.ts); without boundaries, its completion count is all there is, the token that held the
 * stop string included.
 */
export function keepAll(generation: Generation): Kept {
  if (generation.tokens !== null) return { text: generation.text, tokens: generation.tokens.length, counted: 'boundaries' };
  return { text: generation.text, tokens: generation.completionTokens ?? 0, counted: 'usage' };
}

/** Its first `count` tokens (by the server's boundaries, which the caller has checked are there). */
export function keepTokens(generation: Generation, count: number): Kept {
  const tokens = generation.tokens ?? [];
  const end = count === 0 ? 0 : tokens[count - 1]!.end;
  return { text: generation.text.slice(0, end), tokens: count, counted: 'boundaries' };
}

/** What a record keeps of a request, its text apart. */
export function requestFacts(generation: Generation, session: string): RequestFacts {
  const { text: _text, ...facts } = answeredFields(generation, session);
  return facts;
}

export function answerSegment(
  role: AnswerSegment['role'],
  written: Written,
  kept: Kept,
  end: AnswerSegment['end'],
  session: string,
  lowToken?: AnswerSegment['lowToken'],
): AnswerSegment {
  const { generation } = written;
  return {
    role,
    text: kept.text,
    tokens: kept.tokens,
    // A request generated at least the tokens it kept, whatever its usage says.
    generated: Math.max(generation.completionTokens ?? kept.tokens, kept.tokens),
    counted: kept.counted,
    end,
    ...(lowToken !== undefined ? { lowToken } : {}),
    ...requestFacts(generation, session),
  };
}

const zero = (): RoleTokens => ({ teacher: 0, student: 0 });

/** Per role, the answer's tokens and the tokens generated; the hand-offs are the changes of writer. */
export function tally(segments: readonly AnswerSegment[]): Pick<HandoffTrace, 'tokens' | 'generated' | 'handoffs'> {
  const tokens = zero();
  const generated = zero();
  let handoffs = 0;
  segments.forEach((segment, i) => {
    tokens[segment.role] += segment.tokens;
    generated[segment.role] += segment.generated;
    if (i > 0 && segments[i - 1]!.role !== segment.role) handoffs += 1;
  });
  return { tokens: { ...tokens, total: tokens.teacher + tokens.student }, generated, handoffs };
}

/**
 * The mean token log-probability over the answer block of `text` (the generation's own text, or the answer
 * it ends), from the tokens that start inside the block. Null when the server reported no boundaries.
 */
export function logprobSummary(generation: Generation): LogprobSummary | null {
  if (generation.tokens === null) return null;
  const blockEnd = answerBlock(generation.text).length;
  const values: number[] = [];
  let tokens = 0;
  let start = 0;
  for (const token of generation.tokens) {
    if (start >= blockEnd) break;
    tokens += 1;
    if (token.logprob !== undefined) values.push(token.logprob);
    start = token.end;
  }
  return { mean: values.length === tokens && tokens > 0 ? values.reduce((a, b) => a + b, 0) / tokens : null, tokens };
}
