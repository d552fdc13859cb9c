// The job of a cascade cell for one item: k student samples at once, then the teacher when they disagree or doubt.
import type { Item } from '../../datasets/types.js';
import type { CellMethod } from '../../plan/methods.js';
import type { Cell } from '../../plan/types.js';
import type { ItemRecord } from '../../results/records.js';
import type { PromptTemplate } from '../../prompts/index.js';
import type { CascadeTrace, RequestFacts, SampleRecord } from '../../results/method-records.js';
import { scoreCellAnswer } from '../../score/cell-answer.js';
import { studentReply, studentRequest, type AnswerJobDeps, type StudentReply } from '../answer-job.js';
import type { Job, PhaseContext } from '../phase.js';
import { isAbort, toRecordedError } from '../recorded-error.js';
import { failedMethodRecord, methodRecord } from './method-record.js';
import { logprobSummary, requestFacts } from './segment.js';
import { methodQuestion, type MethodItem, type Writer } from './writer.js';
import { deriveSeed } from '../../util/rng.js';

export interface CascadeJobDeps {
  cell: Cell;
  template: PromptTemplate;
  writers: { teacher: Writer; student: Writer };
  context: PhaseContext;
}

type Cascade = Extract<CellMethod, { kind: 'cascade' }>;

/** Share of the samples whose answer is the first's; an answer not found agrees with nothing. */
export function agreement(answers: ReadonlyArray<string | null>): number {
  const first = answers[0] ?? null;
  if (first === null) return 0;
  return answers.filter((a) => a === first).length / answers.length;
}

/** Whether, and why, an item goes on to the teacher. A sample without log-probabilities counts as doubtful. */
export function escalation(method: Cascade, agree: number, meanLogprob: number | null): CascadeTrace['reason'] {
  const disagree = (method.escalate === 'disagree' || method.escalate === 'either') && agree < 1;
  if (disagree) return 'disagree';
  const doubt = (method.escalate === 'confidence' || method.escalate === 'either') && (meanLogprob === null || meanLogprob < (method.threshold ?? 0));
  return doubt ? 'low-confidence' : null;
}

/** The deps answerJob's reply takes, for one writer of the cascade answering alone. */
function aloneDeps(deps: CascadeJobDeps, writer: Writer): AnswerJobDeps {
  return { cell: deps.cell, template: deps.template, api: writer.api, stream: writer.stream, pass: null, context: deps.context, formatting: writer.formatting, teacherFormatting: null };
}

export function cascadeJob(item: Item, deps: CascadeJobDeps): Job<ItemRecord> {
  return async () => {
    const { cell, context, writers } = deps;
    const method = cell.method;
    if (method?.kind !== 'cascade') throw new Error(`cell ${cell.id} is not a cascade cell`);
    const on: MethodItem = { cell, template: deps.template, item, question: methodQuestion(item, deps.template), context };
    const scored = { id: item.id, question: on.question, gold: item.gold };
    const wantTokens = method.escalate !== 'disagree' && writers.student.boundaries;
    // Sample 0 is the request the student alone makes; the others differ by seed and carry their index.
    const base = studentRequest(cell, deps.template, item, '', writers.student.stream);
    const ask = (index: number) =>
      studentReply(
        { ...base, wantTokens, ...(index === 0 ? {} : { seed: deriveSeed(cell.seed, item.id, 'student', 'sample', index), sample: index }) },
        null,
        aloneDeps(deps, writers.student),
        on.question,
      );
    const replies = await Promise.allSettled(Array.from({ length: method.samples }, (_, i) => ask(i)));
    if (replies.some((r) => r.status === 'rejected' && isAbort(r.reason, context))) return null;
    const samples: SampleRecord[] = replies.map((r, index) => sampleRecord(r, index, method, cell, deps, scored, context));
    const first = replies[0]!;
    const agree = agreement(samples.map((s) => s.answer));
    const reason = escalation(method, agree, samples[0]!.logprob?.mean ?? null);
    const sampled = samples.flatMap((s) => (s.facts === null ? [] : [s.facts]));
    const studentTokens = sampled.reduce((n, f) => n + (f.completionTokens ?? 0), 0);
    const failures = samples.filter((s) => s.error !== null);
    let teacher: StudentReply | null = null;
    // A failed sample doubts as much as a disagreeing one; when the first failed, only the teacher can answer.
    const escalate = reason !== null || first.status === 'rejected';
    if (escalate) {
      try {
        teacher = await studentReply({ ...base, sampling: method.teacher.sampling }, null, aloneDeps(deps, writers.teacher), on.question);
      } catch (error) {
        if (isAbort(error, context)) return null;
        const recorded = toRecordedError(error, context.secrets);
        const trace = traceOf(samples, agree, reason ?? 'disagree', null, studentTokens, sampled, null);
        return { record: failedMethodRecord(on, { ...recorded, role: 'teacher' }, trace), requestError: recorded.message, requested: true, completionTokens: studentTokens };
      }
    }
    const teacherFacts = teacher === null ? null : { ...requestFacts(teacher.generation, context.session), text: teacher.answer };
    const trace = traceOf(samples, agree, escalate ? (reason ?? 'disagree') : null, teacherFacts, studentTokens, sampled, teacher === null ? null : requestFacts(teacher.generation, context.session));
    const answering = teacher ?? (first as PromiseFulfilledResult<StudentReply>).value;
    const answerFacts = requestFacts(answering.generation, context.session);
    const firstFacts = sampled[0] ?? answerFacts;
    const firstPrompt = first.status === 'fulfilled' ? first.value.promptSha256 : answering.promptSha256;
    const requests = [...sampled, ...(teacherFacts === null ? [] : [teacherFacts])];
    // A reasoning model's reply keeps its answer apart from its thinking already: that is what the rules read.
    const record = methodRecord(
      on,
      { text: answering.answer, extracted: answering.answer },
      {
        first: { ...firstFacts, promptSha256: firstPrompt },
        last: answerFacts,
        tokens: answering.generation.completionTokens ?? 0,
        attempts: requests.reduce((n, f) => n + f.attempts, 0),
        cached: requests.every((f) => f.cached),
      },
      trace,
    );
    const sent = requests.filter((f) => !f.cached).length + failures.length;
    const requestError = failures.length > 0 ? failures[0]!.error!.message : null;
    return { record, requestError, requested: sent > 0, sent, completionTokens: trace.generated.student + trace.generated.teacher };
  };
}

function sampleRecord(
  reply: PromiseSettledResult<StudentReply>,
  index: number,
  method: Cascade,
  cell: Cell,
  deps: CascadeJobDeps,
  scored: { id: string; question: string; gold: string },
  context: PhaseContext,
): SampleRecord {
  if (reply.status === 'rejected') {
    return { index, text: null, answer: null, logprob: null, facts: null, error: toRecordedError(reply.reason, context.secrets) };
  }
  const { generation, answer } = reply.value;
  return {
    index,
    text: answer,
    answer: scoreCellAnswer(cell, deps.template, scored, answer, 'student')[method.rule].answer,
    logprob: method.escalate === 'disagree' ? null : logprobSummary(generation),
    facts: requestFacts(generation, context.session),
    error: null,
  };
}

function traceOf(
  samples: SampleRecord[],
  agree: number,
  reason: CascadeTrace['reason'],
  teacher: CascadeTrace['teacher'],
  studentTokens: number,
  sampled: RequestFacts[],
  teacherFacts: RequestFacts | null,
): CascadeTrace {
  const timings = [...sampled, ...(teacherFacts === null ? [] : [teacherFacts])].map((f) => f.timing);
  const start = Math.min(...timings.map((t) => t.start));
  const end = Math.max(...timings.map((t) => t.end));
  return {
    kind: 'cascade',
    samples,
    agreement: agree,
    escalated: teacher !== null || reason !== null,
    reason,
    teacher,
    generated: { student: studentTokens, teacher: teacherFacts?.completionTokens ?? 0 },
    itemMs: timings.length === 0 ? 0 : end - start,
  };
}
