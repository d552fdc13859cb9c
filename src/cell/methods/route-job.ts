// The job of a routing cell for one item: no request, a choice between the recorded answers of the student and the teacher alone.
import type { Item } from '../../datasets/types.js';
import { type Router, RULE_NAMES, type RuleName } from '../../vocabulary.js';
import type { CellMethod } from '../../plan/methods.js';
import type { Cell } from '../../plan/types.js';
import type { PromptTemplate } from '../../prompts/index.js';
import type { CascadeTrace, RouteSide, RouteTrace } from '../../results/method-records.js';
import type { ItemRecord, StudentRecord } from '../../results/records.js';
import { scoreCellAnswer } from '../../score/cell-answer.js';
import { createRng, deriveSeed } from '../../util/rng.js';
import { failedAnswers } from '../answer-job.js';
import type { Job } from '../phase.js';

type Route = Extract<CellMethod, { kind: 'route' }>;

/** One side's answer as a router reads it from its record. */
export interface Side {
  record: ItemRecord;
  /** The request behind the answer as a student record keeps it; null when it failed. */
  facts: StudentRecord | null;
  /** Why there is no answer, when there is none. */
  error: ItemRecord['error'];
  /** The answer's text and what the rules read of it (null: the request failed). */
  text: string | null;
  extracted: string | null;
  /** ms of its requests (for samples: from the first's start to the last's end); null when not measured. */
  ms: number | null;
  promptTokens: number;
  generated: number;
  /** The router's signal, where the side is the student's. */
  signal: number | null;
}

const ms = (student: StudentRecord): number | null => (student.cached || student.timing === null ? null : student.timing.end - student.timing.start);

/** The answer of a model alone, from its single cell's record. */
export function aloneSide(record: ItemRecord, signal: 'logprob' | 'length' | null): Side {
  const s = record.error === null ? record.student : null;
  return {
    record,
    facts: s,
    error: record.error ?? (s === null ? { kind: 'missing', message: 'the record holds no answer', attempts: 0, role: 'student' } : null),
    text: s?.text ?? null,
    extracted: s === null || s.text === null ? null : (s.answer ?? s.text),
    ms: s === null ? null : ms(s),
    promptTokens: s?.promptTokens ?? 0,
    generated: s?.completionTokens ?? 0,
    signal: signal === null || s?.logprob == null ? null : signal === 'logprob' ? s.logprob.mean : s.logprob.tokens,
  };
}

/** The student's answer as a cascade recorded it: its first sample, and the agreement of its samples. */
export function samplesSide(record: ItemRecord): Side {
  const trace = record.method?.kind === 'cascade' ? (record.method as CascadeTrace) : null;
  const first = trace?.samples[0] ?? null;
  const facts = trace?.samples.flatMap((s) => (s.facts === null ? [] : [s.facts])) ?? [];
  const measured = facts.length > 0 && facts.every((f) => !f.cached);
  const own = first?.facts ?? null;
  return {
    record,
    facts: own === null || first === null ? null : { promptSha256: record.student?.promptSha256 ?? '', text: first.text, ...own },
    error: first?.error != null ? { ...first.error, role: 'student' } : first === null ? { kind: 'missing', message: 'the cascade recorded no sample', attempts: 0, role: 'student' } : null,
    text: first?.text ?? null,
    extracted: first?.text ?? null,
    ms: measured ? Math.max(...facts.map((f) => f.timing.end)) - Math.min(...facts.map((f) => f.timing.start)) : null,
    promptTokens: facts.reduce((n, f) => n + (f.promptTokens ?? 0), 0),
    generated: facts.reduce((n, f) => n + (f.completionTokens ?? 0), 0),
    signal: trace?.agreement ?? null,
  };
}

/** Whether the router sends the item to the teacher: a pure function of the two sides and the item. */
export function routeToTeacher(router: Router, item: string, student: { correct: boolean; signal: number | null }, teacherCorrect: boolean): boolean {
  switch (router.name) {
    case 'oracle':
      return !student.correct && teacherCorrect;
    case 'random':
      return createRng(deriveSeed('route', router.seed, item))() < router.rate;
    case 'threshold':
      // No signal recorded is doubt.
      if (student.signal === null) return true;
      return router.signal === 'length' ? student.signal > router.threshold : student.signal < router.threshold;
  }
}


export interface RouteJobDeps {
  cell: Cell;
  template: PromptTemplate;
  student: Side;
  teacher: Side;
}

export function routeJob(item: Item, question: string, deps: RouteJobDeps): Job<ItemRecord> {
  return () => {
    const { cell, template, student, teacher } = deps;
    const method = cell.method as Route;
    const scored = { id: item.id, question, gold: item.gold };
    const verdicts = (side: Side): Record<RuleName, boolean> => {
      const scores = side.extracted === null ? null : scoreCellAnswer(cell, template, scored, side.extracted, 'student');
      return Object.fromEntries(RULE_NAMES.map((rule) => [rule, scores?.[rule].correct ?? false])) as Record<RuleName, boolean>;
    };
    const right = { student: verdicts(student), teacher: verdicts(teacher) };
    const sideOf = (side: Side, role: 'student' | 'teacher'): RouteSide => ({ ms: side.ms, promptTokens: side.promptTokens, generated: side.generated, right: right[role] });
    const toTeacher = routeToTeacher(method.router, item.id, { correct: right.student[method.rule], signal: student.signal }, right.teacher[method.rule]);
    const chosen = toTeacher ? teacher : student;
    // Oracle and random routers pay for the model they choose; a router reading the student's answer paid for it first.
    const studentPaid = method.router.name === 'threshold' || !toTeacher;
    const parts = [...(studentPaid ? [student] : []), ...(toTeacher ? [teacher] : [])];
    const trace: RouteTrace = {
      kind: 'route',
      to: toTeacher ? 'teacher' : 'student',
      signal: method.router.name === 'threshold' ? student.signal : null,
      from: { student: student.record.cell, teacher: teacher.record.cell },
      sides: { student: sideOf(student, 'student'), teacher: sideOf(teacher, 'teacher') },
      ms: parts.some((p) => p.ms === null) ? null : parts.reduce((n, p) => n + p.ms!, 0),
      generated: { student: studentPaid ? student.generated : 0, teacher: toTeacher ? teacher.generated : 0 },
    };
    const head = { type: 'item' as const, cell: cell.id, item: item.id, index: item.index, question, gold: item.gold, guidance: null, teacherAnswers: null };
    if (chosen.text === null || chosen.extracted === null || chosen.facts === null) {
      const error = chosen.error ?? { kind: 'missing', message: 'the recorded answer holds no text', attempts: 0, role: 'student' as const };
      const record: ItemRecord = { ...head, student: null, answers: failedAnswers('request-failed'), error: { ...error, role: toTeacher ? 'teacher' : 'student' }, method: trace };
      return Promise.resolve({ record, requestError: null, requested: false, completionTokens: 0 });
    }
    const { logprob: _logprob, draft: _draft, ...kept } = chosen.facts;
    const record: ItemRecord = {
      ...head,
      // The chosen answer as its model wrote it; no request was made here, so no time of its own.
      student: { ...kept, text: chosen.text, ...(chosen.extracted !== chosen.text ? { answer: chosen.extracted } : {}), timing: null, attempts: 0 },
      answers: scoreCellAnswer(cell, template, scored, chosen.extracted, 'student'),
      error: null,
      method: trace,
    };
    return Promise.resolve({ record, requestError: null, requested: false, completionTokens: 0 });
  };
}
