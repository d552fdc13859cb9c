// The item record of a method cell: the whole answer in its student record, scored as any answer is, and how it was written.
import { splitReply } from '../../chat/thinking.js';
import type { ItemRecord, RecordedError, StudentRecord } from '../../results/records.js';
import type { MethodTrace, RequestFacts } from '../../results/method-records.js';
import { scoreCellAnswer } from '../../score/cell-answer.js';
import { failedAnswers } from '../answer-job.js';
import { conversationFor, isChat, opensThinking, type ModelFormatting } from '../formatting.js';
import type { MethodItem } from './writer.js';

function head(on: MethodItem): Pick<ItemRecord, 'type' | 'cell' | 'item' | 'index' | 'question' | 'gold' | 'guidance' | 'teacherAnswers'> {
  return { type: 'item', cell: on.cell.id, item: on.item.id, index: on.item.index, question: on.question, gold: on.item.gold, guidance: null, teacherAnswers: null };
}

/** What extraction reads of an answer: a reasoning student's answer after its thinking, else all of it. */
export function answerPart(answer: string, formatting: ModelFormatting, on: MethodItem): string {
  if (!isChat(formatting) || formatting.chat.thinking === null) return answer;
  const inside = opensThinking(formatting, conversationFor(formatting, on.template, on.question, ''));
  return splitReply(answer, formatting.chat.thinking, inside).answer;
}

/**
 * `student` holds the whole answer: its text, and the facts of the request that ended it, with `first`'s
 * prompt and start (the answer's first request) and `tokens` for its completion tokens (both roles'). Its
 * `attempts` and `cached` are over every request. `extracted` is what the rules read of the answer.
 */
export function methodRecord(
  on: MethodItem,
  answer: { text: string; extracted: string },
  requests: { first: RequestFacts & { promptSha256: string }; last: RequestFacts; tokens: number; attempts: number; cached: boolean },
  trace: MethodTrace,
): ItemRecord {
  const { first, last } = requests;
  const student: StudentRecord = {
    promptSha256: first.promptSha256,
    text: answer.text,
    promptTokens: first.promptTokens,
    completionTokens: requests.tokens,
    finishReason: last.finishReason,
    responseModel: last.responseModel,
    timing: { session: first.timing.session, start: first.timing.start, end: last.timing.end, firstToken: first.timing.firstToken },
    attempts: requests.attempts,
    cached: requests.cached,
  };
  return {
    ...head(on),
    student,
    answers: scoreCellAnswer(on.cell, on.template, { id: on.item.id, question: on.question, gold: on.item.gold }, answer.extracted, 'student'),
    error: null,
    method: trace,
  };
}

/** An item whose answer could not be had: counted, as wrong, with the trace of what was written before. */
export function failedMethodRecord(on: MethodItem, error: RecordedError & { role: 'teacher' | 'student' }, trace: MethodTrace | null): ItemRecord {
  return { ...head(on), student: null, answers: failedAnswers('request-failed'), error, ...(trace !== null ? { method: trace } : {}) };
}
