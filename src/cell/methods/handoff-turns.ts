// The turns of a hand-off: who writes next, how much, and where that model's part of the answer ends.
import type { HandoffPolicy } from '../../vocabulary.js';
import { RequestError } from '../../models/request-error.js';
import { Draft, type DraftOutcome } from './draft.js';
import { answerSegment, keepAll, keepTokens } from './segment.js';
import { writeOn, type MethodItem, type Writer } from './writer.js';

export interface HandoffWriters {
  teacher: Writer;
  student: Writer;
}

export interface HandoffLimits {
  /** Most tokens the two models generate together for one answer (the cell's output length). */
  maxTokens: number;
  maxHandoffs: number;
  /** The mode's stop sequences (the practical mode's next question), for every request. */
  stops: string[];
}

export type HandoffOutcome = DraftOutcome;

/** A request failed: the partial trace goes into the record beside the error. */
export class HandoffFailure extends Error {
  constructor(
    readonly role: 'teacher' | 'student',
    readonly partial: HandoffOutcome,
    override readonly cause: unknown,
  ) {
    super('a hand-off request failed');
  }
}

export async function writeHandoff(policy: HandoffPolicy, writers: HandoffWriters, on: MethodItem, limits: HandoffLimits): Promise<HandoffOutcome> {
  const draft = new Draft();
  try {
    return policy.name === 'per-step' ? await perStep(policy, writers, on, limits, draft) : await confidence(policy, writers, on, limits, draft);
  } catch (error) {
    if (error instanceof HandoffFailure) throw error;
    const role = (error as { handoffRole?: unknown }).handoffRole === 'teacher' ? 'teacher' : 'student';
    throw new HandoffFailure(role, draft.done('failed'), error);
  }
}

/** Tags an error with the role whose request failed. */
async function asRole<T>(role: 'teacher' | 'student', work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error !== null && typeof error === 'object') Object.assign(error, { handoffRole: role });
    throw error;
  }
}

/**
 * The teacher writes the first `teacherTokens` tokens of a step, then the student writes until the next step
 * end (a stop string, which the server cuts off); the teacher then writes on from there, the step end first.
 * When the teacher's tokens end a step themselves, it goes on with one more request, up to `teacherTokens`
 * tokens past that step end, so that the next step's start is not left to the student. Once the hand-offs
 * reach their cap, the student finishes alone.
 */
async function perStep(policy: Extract<HandoffPolicy, { name: 'per-step' }>, writers: HandoffWriters, on: MethodItem, limits: HandoffLimits, draft: Draft): Promise<HandoffOutcome> {
  const session = on.context.session;
  let role: 'teacher' | 'student' = 'teacher';
  let owed = policy.teacherTokens;
  for (let turn = 0; ; turn++) {
    const left = limits.maxTokens - draft.generated;
    if (left <= 0) return draft.done('budget');
    const last = role === 'student' && !roundTrip(draft, limits);
    const writer = writers[role];
    const maxTokens = role === 'teacher' ? Math.min(owed, left) : left;
    const stop = role === 'student' && !last ? [...limits.stops, ...policy.stepEnds] : limits.stops;
    const written = await asRole(role, writeOn(writer, on, draft.answer, { maxTokens, stop, seedParts: [role, turn], wantTokens: boundariesOf(writer) }));
    const stopped = written.generation.finishReason === 'stop';
    const kept = keepAll(written.generation);
    // A student stopped by a step end has done its turn; any other stop is the model's own (end of sequence, the mode's stop).
    const ownStop = stopped && (role === 'teacher' || last);
    const spent = draft.generated + Math.max(written.generation.completionTokens ?? kept.tokens, kept.tokens) >= limits.maxTokens;
    draft.add(answerSegment(role, written, kept, ownStop ? 'stop' : spent && !stopped ? 'budget' : 'turn', session), written);
    if (ownStop || draft.cutAtStop(limits.stops)) return draft.done('stop');
    if (last) return draft.done('max-handoffs');
    if (draft.empty >= 2) return draft.done('stalled');
    if (role === 'teacher' && owed === policy.teacherTokens) {
      const since = draft.tokensSinceStepEnd(policy.stepEnds);
      // Past a step end with fewer than its tokens of the new step: the teacher goes on, once, to lead it.
      if (since !== null && since < policy.teacherTokens && kept.tokens > 0) {
        owed = policy.teacherTokens - since;
        continue;
      }
    }
    owed = policy.teacherTokens;
    role = role === 'teacher' ? 'student' : 'teacher';
  }
}

/** Whether the hand-offs left allow the teacher one more turn and the answer back (two changes of writer). */
function roundTrip(draft: Draft, limits: HandoffLimits): boolean {
  return draft.handoffs + 2 <= limits.maxHandoffs;
}

/**
 * The student writes, `window` tokens a request; its first token whose log-probability is below the
 * threshold is cut off with the rest of the window, and the teacher writes the next `teacherTokens` tokens
 * from there; then the student again. Once the hand-offs reach their cap, the student finishes alone.
 */
async function confidence(policy: Extract<HandoffPolicy, { name: 'confidence' }>, writers: HandoffWriters, on: MethodItem, limits: HandoffLimits, draft: Draft): Promise<HandoffOutcome> {
  const session = on.context.session;
  let role: 'teacher' | 'student' = 'student';
  for (let turn = 0; ; turn++) {
    const left = limits.maxTokens - draft.generated;
    if (left <= 0) return draft.done('budget');
    if (role === 'teacher') {
      const written = await asRole('teacher', writeOn(writers.teacher, on, draft.answer, {
        maxTokens: Math.min(policy.teacherTokens, left), stop: limits.stops, seedParts: ['teacher', turn], wantTokens: boundariesOf(writers.teacher),
      }));
      const stopped = written.generation.finishReason === 'stop';
      draft.add(answerSegment('teacher', written, keepAll(written.generation), stopped ? 'stop' : 'turn', session), written);
      if (stopped || draft.cutAtStop(limits.stops)) return draft.done('stop');
      if (draft.empty >= 2) return draft.done('stalled');
      role = 'student';
      continue;
    }
    const last = !roundTrip(draft, limits);
    const maxTokens = last ? left : Math.min(policy.window, left);
    const written = await asRole('student', writeOn(writers.student, on, draft.answer, { maxTokens, stop: limits.stops, seedParts: ['student', turn], wantTokens: true }));
    const { generation } = written;
    const tokens = generation.tokens;
    if (tokens === null || (generation.text !== '' && tokens.some((t) => t.logprob === undefined))) {
      throw new RequestError({
        kind: 'malformed',
        target: `student "${on.cell.student.model.name}"`,
        reason: 'answered without token log-probabilities that line up with its text, which the confidence policy reads',
      });
    }
    const low = last ? -1 : tokens.findIndex((t) => t.logprob! < policy.threshold);
    if (low !== -1) {
      const start = low === 0 ? 0 : tokens[low - 1]!.end;
      const lowToken = { logprob: tokens[low]!.logprob!, text: generation.text.slice(start, tokens[low]!.end) };
      draft.add(answerSegment('student', written, keepTokens(generation, low), 'low-confidence', session, lowToken), written);
      if (draft.cutAtStop(limits.stops)) return draft.done('stop');
      if (draft.empty >= 2) return draft.done('stalled');
      role = 'teacher';
      continue;
    }
    const stopped = generation.finishReason === 'stop';
    const kept = keepAll(generation);
    const spent = draft.generated + Math.max(generation.completionTokens ?? kept.tokens, kept.tokens) >= limits.maxTokens;
    draft.add(answerSegment('student', written, kept, stopped ? 'stop' : spent ? 'budget' : 'window', session), written);
    if (stopped || draft.cutAtStop(limits.stops)) return draft.done('stop');
    if (last) return draft.done('max-handoffs');
    if (draft.empty >= 2) return draft.done('stalled');
  }
}

/** Boundaries make a segment's token count exact where a stop string cut the text; asked of servers that give them. */
const boundariesOf = (writer: Writer): boolean => writer.boundaries;
