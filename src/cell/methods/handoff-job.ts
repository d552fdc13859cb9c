// The job of a hand-off cell for one item: the two models write the answer in turns, every segment kept in the record.
import type { Item } from '../../datasets/types.js';
import type { Cell } from '../../plan/types.js';
import type { ItemRecord } from '../../results/records.js';
import type { PromptTemplate } from '../../prompts/index.js';
import { isAbort, toRecordedError } from '../recorded-error.js';
import type { Job, PhaseContext } from '../phase.js';
import { stopSequences } from '../stops.js';
import { HandoffFailure, writeHandoff, type HandoffWriters } from './handoff-turns.js';
import { answerPart, failedMethodRecord, methodRecord } from './method-record.js';
import { methodQuestion, type MethodItem } from './writer.js';

export interface HandoffJobDeps {
  cell: Cell;
  template: PromptTemplate;
  writers: HandoffWriters;
  context: PhaseContext;
}

export function handoffJob(item: Item, deps: HandoffJobDeps): Job<ItemRecord> {
  return async () => {
    const { cell, context } = deps;
    const method = cell.method;
    if (method?.kind !== 'handoff') throw new Error(`cell ${cell.id} is not a hand-off cell`);
    const on: MethodItem = { cell, template: deps.template, item, question: methodQuestion(item, deps.template), context };
    const limits = { maxTokens: cell.student.maxTokens, maxHandoffs: method.maxHandoffs, stops: stopSequences(cell.mode) };
    try {
      const { answer, trace, promptSha256 } = await writeHandoff(method.policy, deps.writers, on, limits);
      const segments = trace.segments;
      const first = segments[0]!;
      const record = methodRecord(
        on,
        { text: answer, extracted: answerPart(answer, deps.writers.student.formatting, on) },
        {
          first: { ...first, promptSha256 },
          last: segments.at(-1)!,
          tokens: trace.tokens.total,
          attempts: segments.reduce((n, s) => n + s.attempts, 0),
          cached: segments.every((s) => s.cached),
        },
        trace,
      );
      const sent = segments.filter((s) => !s.cached).length;
      return { record, requestError: null, requested: sent > 0, sent, completionTokens: trace.generated.teacher + trace.generated.student };
    } catch (error) {
      if (isAbort(error, context)) return null;
      const cause = error instanceof HandoffFailure ? error.cause : error;
      const recorded = toRecordedError(cause, context.secrets);
      const role = error instanceof HandoffFailure ? error.role : 'student';
      const trace = error instanceof HandoffFailure ? error.partial.trace : null;
      return { record: failedMethodRecord(on, { ...recorded, role }, trace), requestError: recorded.message, requested: true, completionTokens: 0 };
    }
  };
}
