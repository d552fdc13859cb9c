// One item of one cell as the item page shows it: texts, every rule's evidence located in place, requests and errors (pure).
import { explainFired } from '../extract/explain.js';
import { type ScoredExtraction } from '../extract/types.js';
import { RULE_NAMES, type RuleName } from '../vocabulary.js';
import { answerPrefix, PROJECTION_INSTRUCTIONS, type PromptTemplate } from '../prompts/index.js';
import { rescoreItem, storedScores, type RuleScores } from '../report/rescore.js';
import { locateMatch } from './locate-match.js';
import { itemTimeline } from './timeline.js';
import type { ItemDetail, RequestFacts, RuleEvidence } from './api-types.js';
import type { Cell } from '../plan/types.js';
import type { ItemRecord, RequestTiming, TeacherRecord } from '../results/records.js';

interface DetailInput {
  cell: Cell;
  rule: RuleName;
  item: string;
  /** Planned items of the cell, in run order, and where the item is among them. */
  planned: readonly string[];
  position: number;
  record: ItemRecord | undefined;
  /** The teacher pass's record of the item: the whole teacher answer the guidance was cut from. */
  teacher: TeacherRecord | undefined;
  template: PromptTemplate | null;
  /** Question and gold from the index, for an item without a record yet. */
  known: { question: string; gold: string };
}

const latency = (timing: RequestTiming | null): number | null => (timing === null ? null : timing.end - timing.start);

function evidence(
  input: DetailInput,
  scored: Partial<RuleScores>,
  stored: Partial<RuleScores> | null,
  answer: string,
  prompt: string | null,
): RuleEvidence[] {
  const { cell } = input;
  // A rule the stored answers lack (records of a gkt that did not have it) has no evidence to show.
  return RULE_NAMES.flatMap((rule) => {
    const found: ScoredExtraction | undefined = scored[rule];
    if (found === undefined) return [];
    const before = stored?.[rule];
    const differs = before !== undefined && (before.answer !== found.answer || before.correct !== found.correct);
    return [{
      rule,
      answer: found.answer,
      correct: found.correct,
      fired: found.fired,
      explanation: explainFired(cell.dataset.name, rule, found.fired, cell.prompt.shots),
      matched: found.matched,
      fallback: found.fallback,
      ...locateMatch(cell.dataset.name, found, answer, prompt, cell.prompt.shots),
      stored: differs ? { answer: before.answer, correct: before.correct } : null,
    }];
  });
}

/** The stretches of a method's answer the teacher wrote, from its trace: by segment for a hand-off, whole for an escalated or routed item. */
function teacherSpans(record: ItemRecord | undefined): ItemDetail['teacherSpans'] {
  const trace = record?.method;
  const length = record?.student?.text?.length ?? 0;
  if (trace === undefined) return [];
  if (trace.kind === 'cascade') return trace.escalated && length > 0 ? [{ start: 0, end: length }] : [];
  if (trace.kind === 'route') return trace.to === 'teacher' && length > 0 ? [{ start: 0, end: length }] : [];
  const spans: ItemDetail['teacherSpans'] = [];
  let at = 0;
  for (const segment of trace.segments) {
    const end = at + segment.text.length;
    if (segment.role === 'teacher' && end > at) spans.push({ start: at, end });
    at = end;
  }
  return spans;
}

export function itemDetail(input: DetailInput): ItemDetail {
  const { cell, record, template, position } = input;
  const question = record?.question ?? input.known.question;
  const prefix = template === null ? null : answerPrefix(template, question);
  const scores = record === undefined ? null : template === null ? storedScores(record) : rescoreItem(record, cell, template);
  const guidanceText = record?.guidance?.text ?? '';
  const answer = guidanceText + (record?.student?.text ?? '');
  // A failed item has no fresh scores; its stored ones say which request failed.
  const answers = scores?.answers ?? record?.answers ?? null;
  const guidance = record?.guidance ?? null;
  const student = record?.student ?? null;
  const studentFacts: RequestFacts | null = student === null ? null : {
    responseModel: student.responseModel,
    promptTokens: student.promptTokens,
    completionTokens: student.completionTokens,
    finishReason: student.finishReason,
    attempts: student.attempts,
    cached: student.cached,
    latencyMs: latency(student.timing),
  };
  return {
    cell: { id: cell.id, label: cell.label, kind: cell.kind, dataset: cell.dataset.name, rule: input.rule },
    item: input.item,
    position,
    planned: input.planned.length,
    prev: position > 0 ? (input.planned[position - 1] ?? null) : null,
    next: position >= 0 && position < input.planned.length - 1 ? (input.planned[position + 1] ?? null) : null,
    status: record === undefined ? 'missing' : record.error === null ? 'answered' : 'failed',
    question,
    gold: record?.gold ?? input.known.gold,
    prompt: template === null || prefix === null ? null : {
      instruction: cell.teacher === null ? '' : PROJECTION_INSTRUCTIONS[cell.teacher.projection],
      shots: template.shots,
      exemplarChars: template.exemplars.length,
      tail: prefix.slice(template.exemplars.length),
    },
    answer,
    guidanceChars: guidanceText.length,
    teacherSpans: teacherSpans(record),
    guidance: guidance === null ? null : {
      tokens: guidance.tokens,
      derived: guidance.derived,
      raw: guidance.raw,
      teacherText: input.teacher?.text ?? null,
      request: {
        responseModel: input.teacher?.responseModel ?? null,
        promptTokens: guidance.promptTokens,
        completionTokens: input.teacher?.completionTokens ?? null,
        finishReason: input.teacher?.finishReason ?? null,
        attempts: input.teacher?.attempts ?? null,
        cached: guidance.cached,
        latencyMs: guidance.readyAt ?? latency(guidance.timing),
      },
    },
    student: studentFacts,
    rules: answers === null ? [] : evidence(input, answers, scores?.answers === null ? null : (record?.answers ?? null), answer, prefix),
    teacherRules: scores?.teacherAnswers == null ? null : evidence(input, scores.teacherAnswers, record?.teacherAnswers ?? null, guidanceText, prefix),
    error: record?.error == null ? null : {
      kind: record.error.kind,
      message: record.error.message,
      attempts: record.error.attempts,
      role: record.error.role,
      status: record.error.status ?? null,
    },
    timeline: itemTimeline(record),
  };
}
