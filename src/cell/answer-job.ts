// The answer phase of a cell: the student completes the teacher's guidance (or a single model answers alone).
import type { Item } from '../datasets/types.js';
import type { Extraction, ScoredExtraction } from '../extract/types.js';
import { RULE_NAMES, type Role, type RuleName } from '../vocabulary.js';
import type { GenerateRequest, Generation, ModelApi } from '../models/types.js';
import { SERVER_KIND_INFO } from '../models/server-kinds.js';
import { turnText } from '../chat/thinking.js';
import { pythonStrip } from '../util/python-strip.js';
import { continueTurn } from './assistant-turn.js';
import { conversationFor, isChat, opensThinking, type ModelFormatting } from './formatting.js';
import type { Cell, TeacherPass } from '../plan/types.js';
import { buildPrompt, renderQuestion, PROJECTION_INSTRUCTIONS, type PromptTemplate } from '../prompts/index.js';
import type { GuidanceRecord, ItemRecord, RecordedError, StudentRecord, TeacherRecord } from '../results/records.js';
import { scoreCellAnswer } from '../score/cell-answer.js';
import { sha256 } from '../util/hash.js';
import { deriveSeed } from '../util/rng.js';
import { answeredFields, type AnsweredFields } from './answered.js';
import { cutTeacherText, guidanceFromDecoded } from './guidance.js';
import type { Job, PhaseContext } from './phase.js';
import { isAbort, toRecordedError } from './recorded-error.js';
import { stopSequences } from './stops.js';
import { logprobSummary } from './methods/segment.js';
import { draftCounts } from './methods/speculative.js';

export interface AnswerJobDeps {
  cell: Cell;
  template: PromptTemplate;
  api: ModelApi;
  stream: boolean;
  /** For a GKT cell: its teacher pass and that pass's record of the item. */
  pass: TeacherPass | null;
  context: PhaseContext;
  /** How the student (or the model alone) is spoken to. */
  formatting: ModelFormatting;
  /** How the teacher was: a chat teacher's guidance is its reply's first tokens, not the text after `\nA:`. */
  teacherFormatting: ModelFormatting | null;
}

/**
 * The guidance for N tokens from a teacher record, as the student will see it. A base model's is the
 * reference rule's (what follows the last `\nA:`, stripped); a chat model's is the first N tokens of its
 * reply, or of its thinking when the guidance is taken from there, stripped.
 */
export function guidanceFor(
  pass: TeacherPass,
  record: TeacherRecord,
  n: number,
  template: PromptTemplate,
  question: string,
  teacher: ModelFormatting | null = null,
): GuidanceRecord {
  const thinking = teacher?.chat?.thinking ?? null;
  const segment = thinking === null ? null : thinking.guidance;
  const cut = cutTeacherText(record, n, segment === 'thinking' ? (record.thinking?.text ?? '') : (record.text ?? ''));
  const teacherPrompt = buildPrompt(template, question, { instruction: PROJECTION_INSTRUCTIONS[pass.projection] });
  return {
    pass: pass.id,
    ...(segment !== null ? { segment, thinkingTokens: segment === 'thinking' ? cut.tokens : (record.thinking?.tokens ?? null) } : {}),
    text: teacher?.chat ? pythonStrip(cut.raw) : guidanceFromDecoded(teacherPrompt + cut.raw),
    raw: cut.raw,
    tokens: cut.tokens,
    promptSha256: record.promptSha256,
    promptTokens: record.promptTokens,
    timing: record.timing,
    readyAt: cut.readyAt,
    derived: cut.derived,
    ...(cut.inexact ? { inexact: cut.inexact } : {}),
    cached: record.cached,
  };
}

export function studentRequest(cell: Cell, template: PromptTemplate, item: Item, guidance: string, stream: boolean): GenerateRequest {
  return {
    prompt: buildPrompt(template, renderQuestion(item, template.format), guidance ? { guidance } : {}),
    maxTokens: cell.student.maxTokens,
    sampling: cell.student.sampling,
    seed: deriveSeed(cell.seed, item.id, 'student'),
    stop: stopSequences(cell.mode),
    // A single model alone asked for its log-probabilities (a router reads them).
    wantTokens: cell.student.logprobs === true,
    stream,
    cacheScope: cell.id,
    promptTemplate: template.sha256,
  };
}

export interface StudentReply {
  generation: Generation;
  promptSha256: string;
  /** A reasoning model's thinking and answer, kept apart in its record. */
  extra: Pick<StudentRecord, 'thinking' | 'answer'>;
  /** What extraction reads: the guidance as placed, then the continuation (a reasoning model's: its answer). */
  answer: string;
}

/**
 * A base model completes the text after `A: {guidance}`. A chat model continues its own assistant turn,
 * which holds the guidance: in its thinking when the guidance came from the teacher's thinking and the
 * student thinks too, else as the start of its answer (after an empty thinking segment if it thinks).
 */
export async function studentReply(request: GenerateRequest, guidance: GuidanceRecord | null, deps: AnswerJobDeps, question: string): Promise<StudentReply> {
  const f = deps.formatting;
  if (!isChat(f)) {
    const generation = await deps.api.generate(request, deps.context.requestSignal);
    return { generation, promptSha256: sha256(request.prompt), extra: {}, answer: (guidance?.text ?? '') + generation.text };
  }
  const messages = conversationFor(f, deps.template, question, '');
  const markers = f.chat.thinking;
  const turn = guidance === null ? '' : markers === null ? guidance.text : turnText(markers, opensThinking(f, messages), guidance.segment ?? 'answer', guidance.text);
  const { prompt: _prompt, ...settings } = request;
  // Token boundaries count a reasoning model's thinking tokens, where its server reports them.
  const wantTokens = request.wantTokens || (markers !== null && SERVER_KIND_INFO[f.kind].tokenBoundaries !== 'none');
  const result = await continueTurn(deps.api, f, messages, turn, { ...settings, wantTokens }, deps.context.requestSignal);
  if (markers === null) return { generation: result, promptSha256: sha256(result.prompt), extra: {}, answer: turn + result.text };
  return { generation: result, promptSha256: sha256(result.prompt), extra: { thinking: result.thinking, answer: result.split.answer }, answer: result.split.answer };
}

/** Every rule's answer for an item that got none: `fired` says why. */
export const failedAnswers = (fired: string): Record<RuleName, ScoredExtraction> =>
  Object.fromEntries(
    RULE_NAMES.map((rule): [RuleName, ScoredExtraction] => [
      rule,
      { rule, answer: null, fired, matched: null, fallback: false, correct: false } satisfies Extraction & { correct: boolean },
    ]),
  ) as Record<RuleName, ScoredExtraction>;

type ItemParts = Pick<ItemRecord, 'guidance' | 'student' | 'answers' | 'teacherAnswers' | 'error'>;

/**
 * An item record, field by field in the order records are written. Built rather than spread from a shared
 * base: a run makes one per item, and spread copies cost the collector more.
 */
function itemRecord(cell: Cell, item: Item, question: string, parts: ItemParts): ItemRecord {
  return {
    type: 'item',
    cell: cell.id,
    item: item.id,
    index: item.index,
    question,
    gold: item.gold,
    guidance: parts.guidance,
    student: parts.student,
    answers: parts.answers,
    teacherAnswers: parts.teacherAnswers,
    error: parts.error,
  };
}

function withRole(error: RecordedError, role: Role): RecordedError & { role: Role } {
  return error.status === undefined
    ? { kind: error.kind, message: error.message, attempts: error.attempts, role }
    : { kind: error.kind, message: error.message, attempts: error.attempts, status: error.status, role };
}

/** `signals`: what the methods read of a single model's answer (its log-probabilities, a speculative server's draft counts). */
function studentRecord(promptSha256: string, answered: AnsweredFields, extra: StudentReply['extra'], signals: Pick<StudentRecord, 'logprob' | 'draft'>): StudentRecord {
  const record: StudentRecord = {
    promptSha256,
    text: answered.text,
    ...(extra.thinking !== undefined ? { thinking: extra.thinking } : {}),
    ...(extra.answer !== undefined ? { answer: extra.answer } : {}),
    promptTokens: answered.promptTokens,
    completionTokens: answered.completionTokens,
    finishReason: answered.finishReason,
    responseModel: answered.responseModel,
    timing: answered.timing,
    attempts: answered.attempts,
    cached: answered.cached,
  };
  if (signals.logprob !== undefined) record.logprob = signals.logprob;
  if (signals.draft !== undefined) record.draft = signals.draft;
  return record;
}

export function answerJob(item: Item, teacherRecord: TeacherRecord | null, deps: AnswerJobDeps): Job<ItemRecord> {
  return async () => {
    const { cell, template, context } = deps;
    const question = renderQuestion(item, template.format);

    if (cell.teacher && teacherRecord?.error) {
      const record = itemRecord(cell, item, question, {
        guidance: null,
        student: null,
        answers: failedAnswers('teacher-failed'),
        teacherAnswers: failedAnswers('teacher-failed'),
        error: withRole(teacherRecord.error, 'teacher'),
      });
      return { record, requestError: null, requested: false, completionTokens: 0 };
    }

    const guidance = cell.teacher && deps.pass && teacherRecord
      ? guidanceFor(deps.pass, teacherRecord, cell.teacher.guidanceTokens, template, question, deps.teacherFormatting)
      : null;
    const request = studentRequest(cell, template, item, guidance?.text ?? '', deps.stream);
    const scored = { id: item.id, question, gold: item.gold };
    const teacherAnswers = guidance ? scoreCellAnswer(cell, template, scored, guidance.text, 'teacher') : null;

    try {
      const reply = await studentReply(request, guidance, deps, question);
      const generation = reply.generation;
      const record = itemRecord(cell, item, question, {
        guidance,
        student: studentRecord(reply.promptSha256, answeredFields(generation, context.session), reply.extra, {
          ...(cell.student.logprobs ? { logprob: logprobSummary(generation) } : {}),
          ...draftCounts(generation),
        }),
        answers: scoreCellAnswer(cell, template, scored, reply.answer, 'student'),
        teacherAnswers,
        error: null,
      });
      return { record, requestError: null, requested: !generation.cached, completionTokens: generation.completionTokens ?? 0 };
    } catch (error) {
      if (isAbort(error, context)) return null;
      const recorded = toRecordedError(error, context.secrets);
      const record = itemRecord(cell, item, question, {
        guidance,
        student: null,
        answers: failedAnswers('request-failed'),
        teacherAnswers,
        error: withRole(recorded, 'student'),
      });
      return { record, requestError: recorded.message, requested: true, completionTokens: 0 };
    }
  };
}
