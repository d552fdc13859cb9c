// The answer phase of a cell: the student completes the teacher's guidance (or a single model answers alone).
import type { Item } from '../datasets/types.js';
import type { Extraction, RuleName, ScoredExtraction } from '../extract/types.js';
import { RULE_NAMES } from '../extract/types.js';
import type { GenerateRequest, ModelApi } from '../models/types.js';
import type { Cell, TeacherPass } from '../plan/types.js';
import { buildPrompt, renderQuestion, PROJECTION_INSTRUCTIONS, type PromptTemplate } from '../prompts/index.js';
import type { GuidanceRecord, ItemRecord, StudentRecord, TeacherRecord } from '../results/records.js';
import { scoreCellAnswer } from '../score/cell-answer.js';
import { sha256 } from '../util/hash.js';
import { deriveSeed } from '../util/rng.js';
import { answeredFields } from './answered.js';
import { cutTeacherText, guidanceFromDecoded } from './guidance.js';
import type { Job, PhaseContext } from './phase.js';
import { isAbort, toRecordedError } from './recorded-error.js';
import { stopSequences } from './stops.js';

export interface AnswerJobDeps {
  cell: Cell;
  template: PromptTemplate;
  api: ModelApi;
  stream: boolean;
  /** For a GKT cell: its teacher pass and that pass's record of the item. */
  pass: TeacherPass | null;
  context: PhaseContext;
}

/** The guidance for k tokens from a teacher record, as the student will see it. */
export function guidanceFor(pass: TeacherPass, record: TeacherRecord, k: number, template: PromptTemplate, question: string): GuidanceRecord {
  const cut = cutTeacherText(record, k);
  const teacherPrompt = buildPrompt(template, question, { instruction: PROJECTION_INSTRUCTIONS[pass.projection] });
  return {
    pass: pass.id,
    text: guidanceFromDecoded(teacherPrompt + cut.raw),
    raw: cut.raw,
    tokens: cut.tokens,
    promptSha256: record.promptSha256,
    promptTokens: record.promptTokens,
    timing: record.timing,
    readyAt: cut.readyAt,
    derived: cut.derived,
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
    wantTokens: false,
    stream,
    cacheScope: cell.id,
  };
}

const failed = (fired: string): Record<RuleName, ScoredExtraction> =>
  Object.fromEntries(
    RULE_NAMES.map((rule): [RuleName, ScoredExtraction] => [
      rule,
      { rule, answer: null, fired, matched: null, fallback: false, correct: false } satisfies Extraction & { correct: boolean },
    ]),
  ) as Record<RuleName, ScoredExtraction>;

export function answerJob(item: Item, teacherRecord: TeacherRecord | null, deps: AnswerJobDeps): Job {
  return async () => {
    const { cell, template, context } = deps;
    const question = renderQuestion(item, template.format);
    const base = { type: 'item' as const, cell: cell.id, item: item.id, index: item.index, question, gold: item.gold };

    if (cell.teacher && teacherRecord?.error) {
      const record: ItemRecord = {
        ...base,
        guidance: null,
        student: null,
        answers: failed('teacher-failed'),
        teacherAnswers: failed('teacher-failed'),
        error: { ...teacherRecord.error, role: 'teacher' },
      };
      return { record, requestError: null, requested: false, outputTokens: 0 };
    }

    const guidance = cell.teacher && deps.pass && teacherRecord
      ? guidanceFor(deps.pass, teacherRecord, cell.teacher.guidanceTokens, template, question)
      : null;
    const request = studentRequest(cell, template, item, guidance?.text ?? '', deps.stream);
    // The model's answer is the guidance as placed in the prompt, then the continuation.
    const scored = { id: item.id, question, gold: item.gold };
    const teacherAnswers = guidance ? scoreCellAnswer(cell, template, scored, guidance.text, 'teacher') : null;

    try {
      const generation = await deps.api.generate(request, context.requestSignal);
      const student: StudentRecord = { promptSha256: sha256(request.prompt), ...answeredFields(generation, context.session) };
      const record: ItemRecord = {
        ...base,
        guidance,
        student,
        answers: scoreCellAnswer(cell, template, scored, (guidance?.text ?? '') + generation.text, 'student'),
        teacherAnswers,
        error: null,
      };
      return { record, requestError: null, requested: !generation.cached, outputTokens: generation.completionTokens ?? 0 };
    } catch (error) {
      if (isAbort(error, context)) return null;
      const recorded = toRecordedError(error, context.secrets);
      const record: ItemRecord = {
        ...base,
        guidance,
        student: null,
        answers: failed('request-failed'),
        teacherAnswers,
        error: { ...recorded, role: 'student' },
      };
      return { record, requestError: recorded.message, requested: true, outputTokens: 0 };
    }
  };
}
