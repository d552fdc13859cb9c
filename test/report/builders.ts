// Hand-built cells, metrics and records for report tests: plain data in the shapes `gkt run` writes.
import { type Batching, type DatasetName, type Projection, RULE_NAMES, type RuleName } from '../../src/vocabulary.js';
import type { ScoredExtraction } from '../../src/extract/types.js';
import type { Cell } from '../../src/plan/types.js';
import type { CellMetrics, RoleStats, RuleAccuracy } from '../../src/report/metrics-types.js';
import type { PhaseTime } from '../../src/report/teacher-time.js';
import type { ItemRecord, SegmentRecord, TeacherRecord } from '../../src/results/records.js';
import type { ModelInfo, RunData } from '../../src/report/run-data.js';

export const SERIAL: Batching = { kind: 'serial' };

export interface CellSpec {
  id: string;
  dataset: DatasetName;
  /** Model config name; the label is the name unless given. */
  student: { model: string; label?: string; l: number; batching?: Batching };
  teacher?: { model: string; label?: string; n: number; projection?: Projection; batching?: Batching; pass?: string };
  shots?: number;
  repeat?: number;
}

const SHA = { gsm8k: 'a'.repeat(64), csqa: 'b'.repeat(64) };

export function cellOf(spec: CellSpec): Cell {
  const shots = spec.shots ?? (spec.dataset === 'gsm8k' ? 8 : 7);
  return {
    id: spec.id,
    label: spec.id,
    kind: spec.teacher === undefined ? 'single' : 'gkt',
    dataset: { name: spec.dataset, sha256: SHA[spec.dataset] },
    prompt: { format: 'reference', shots, sha256: `${spec.dataset}-${shots}` },
    mode: 'faithful',
    repeat: spec.repeat ?? 0,
    seed: spec.repeat ?? 0,
    teacher: spec.teacher === undefined ? null : {
      model: { name: spec.teacher.model, model: spec.teacher.model },
      guidanceTokens: spec.teacher.n,
      projection: spec.teacher.projection ?? 'cutoff',
      pass: spec.teacher.pass ?? `pass-${spec.teacher.model}-${spec.dataset}-${spec.teacher.projection ?? 'cutoff'}`,
    },
    student: {
      model: { name: spec.student.model, model: spec.student.model },
      maxTokens: spec.student.l,
      batching: spec.student.batching ?? SERIAL,
      sampling: { temperature: 0.8, topP: 0.95 },
    },
  };
}

export interface MetricsSpec extends CellSpec {
  items: number;
  /** ACC(%) under every rule, as given (the paper's tables print these). */
  acc: number;
  accTeacher?: number;
  teacherSeconds?: number;
  studentSeconds: number;
  simulated?: boolean;
  /** Mean output tokens of the answering model (Table 6's average output length). */
  completionMean?: number;
  guidanceTokens?: number;
  guidanceBytes?: number;
  answerBytes?: number;
  promptTokens?: number;
  completionTokens?: number;
  errors?: number;
}

function accuracy(percent: number, total: number): RuleAccuracy {
  return { correct: Math.round((percent * total) / 100), total, percent, low: 0, high: 100, noAnswer: 0, fallbacks: 0 };
}

function byRule<T>(make: () => T): Record<RuleName, T> {
  return Object.fromEntries(RULE_NAMES.map((rule) => [rule, make()])) as Record<RuleName, T>;
}

function measured(seconds: number | null): PhaseTime {
  return { seconds, source: seconds === null ? 'missing' : 'measured', reason: null, clock: { seconds, spans: seconds === null ? 0 : 1, interrupted: 0, sessions: 1 } };
}

function role(model: string, requests: number, spec: { prompt?: number; completion?: number; mean?: number }): RoleStats {
  const count = (sum: number, mean: number | null) => ({ sum, mean, reported: requests });
  return {
    model,
    requests,
    promptTokens: count(spec.prompt ?? 0, requests > 0 ? (spec.prompt ?? 0) / requests : null),
    completionTokens: count(spec.completion ?? (spec.mean ?? 0) * requests, spec.mean ?? null),
    latencyMs: { count: 0, p50: null, p90: null, p99: null },
    ttftMs: { count: 0, p50: null, p90: null, p99: null },
    throughput: null,
    cached: 0,
    thinkingTokens: null,
  };
}

/** Metrics as computeCellMetrics would give them, before the comparison with baselines. */
export function metricsOf(spec: MetricsSpec, rule: RuleName = 'reference'): CellMetrics {
  const cell = cellOf(spec);
  const teacherSeconds = spec.teacherSeconds ?? null;
  const total = spec.teacher === undefined ? spec.studentSeconds : teacherSeconds === null ? null : teacherSeconds + spec.studentSeconds;
  return {
    id: cell.id,
    label: cell.label,
    kind: cell.kind,
    dataset: spec.dataset,
    format: 'reference',
    chat: false,
    shots: cell.prompt.shots,
    promptSha256: cell.prompt.sha256,
    datasetSha256: cell.dataset.sha256,
    sampling: { student: cell.student.sampling, teacher: spec.teacher === undefined ? null : cell.student.sampling },
    mode: 'faithful',
    repeat: cell.repeat,
    seed: cell.seed,
    teacher: spec.teacher === undefined ? null : {
      model: spec.teacher.model,
      label: spec.teacher.label ?? spec.teacher.model,
      guidanceTokens: spec.teacher.n,
      projection: spec.teacher.projection ?? 'cutoff',
      pass: cell.teacher?.pass ?? '',
      batching: spec.teacher.batching ?? { kind: 'static', size: 8 },
    },
    student: { model: spec.student.model, label: spec.student.label ?? spec.student.model, maxTokens: spec.student.l, batching: cell.student.batching },
    simulated: spec.simulated ?? false,
    items: { planned: spec.items, present: spec.items, missing: 0, answered: spec.items - (spec.errors ?? 0), complete: true, duplicates: 0, redone: 0 },
    errors: { total: spec.errors ?? 0, byKind: spec.errors ? { server: spec.errors } : {}, byRole: { teacher: 0, student: spec.errors ?? 0 } },
    rule,
    acc: byRule(() => accuracy(spec.acc, spec.items)),
    accTeacher: spec.teacher === undefined ? null : byRule(() => accuracy(spec.accTeacher ?? 0, spec.items)),
    rescore: { applied: true, reason: null, changed: byRule(() => 0), teacherChanged: byRule(() => 0) },
    time: { teacher: spec.teacher === undefined ? null : measured(teacherSeconds), student: measured(spec.studentSeconds), totalSeconds: total, cachedItems: 0 },
    roles: {
      teacher: spec.teacher === undefined ? null : role(spec.teacher.model, spec.items, { mean: spec.guidanceTokens ?? spec.teacher.n }),
      student: role(spec.student.model, spec.items, { mean: spec.completionMean ?? spec.student.l, prompt: spec.promptTokens, completion: spec.completionTokens }),
    },
    guidance: spec.teacher === undefined ? null : { meanTokens: spec.guidanceTokens ?? spec.teacher.n, meanBytes: spec.guidanceBytes ?? null },
    answerBytes: spec.answerBytes ?? null,
    baselines: { studentAlone: null, teacherAlone: null, teacherAloneSameBatching: null },
    deltaAcc: null,
    speedUp: null,
    speedUpSameBatching: null,
    mcnemar: null,
    method: null,
    versus: null,
  };
}

export function modelInfo(name: string, label: string, kind = 'vllm', simulated = false): ModelInfo {
  return { key: name, label, kind, served: [name], simulated };
}

/** A run holding only models (and prices): enough for buildReport over hand-built metrics. */
export function emptyRun(models: ModelInfo[], overrides: Partial<RunData> = {}): RunData {
  return {
    dirs: ['/runs/paper'],
    runs: ['paper'],
    gkt: { version: '0.0.0', commit: null },
    cells: [],
    passes: new Map(),
    prompts: new Map(),
    models: new Map(models.map((m) => [m.key, m])),
    prices: new Map(),
    shards: { count: null, present: [], missing: [] },
    warnings: [],
    ...overrides,
  };
}

/** A phase that ran in one session from `startMs` to `endMs`. */
export function segments(session: string, startMs: number, endMs: number): SegmentRecord[] {
  return [
    { type: 'segment', session, event: 'start', at: startMs, wall: '2024-06-01T00:00:00.000Z' },
    { type: 'segment', session, event: 'end', at: endMs, wall: '2024-06-01T01:00:00.000Z' },
  ];
}

function scored(rule: RuleName, correct: boolean, answer: string | null): ScoredExtraction {
  return { rule, answer, fired: answer === null ? 'none' : 'answer-is', matched: answer, fallback: false, correct };
}

export function storedAnswers(correct: boolean, gold = '7'): Record<RuleName, ScoredExtraction> {
  return Object.fromEntries(RULE_NAMES.map((rule) => [rule, scored(rule, correct, correct ? gold : '0')])) as Record<RuleName, ScoredExtraction>;
}

/** One item's record with stored answers; `teacherCorrect` set makes it a GKT record with guidance. */
export function itemRecord(cell: string, item: string, correct: boolean, teacherCorrect?: boolean): ItemRecord {
  const guided = teacherCorrect !== undefined;
  return {
    type: 'item',
    cell,
    item,
    index: Number(item.replace(/\D/g, '')) || 0,
    question: `question ${item}`,
    gold: '7',
    guidance: guided
      ? { pass: 'p', text: 'guidance', raw: 'guidance', tokens: 4, promptSha256: 'x', promptTokens: 100, timing: null, readyAt: null, derived: false, cached: false }
      : null,
    student: { promptSha256: 'y', text: ' continuation', promptTokens: 100, completionTokens: 10, finishReason: 'length', responseModel: 'm', timing: null, attempts: 1, cached: false },
    answers: storedAnswers(correct),
    teacherAnswers: guided ? storedAnswers(teacherCorrect) : null,
    error: null,
  };
}

export function teacherRecord(pass: string, item: string): TeacherRecord {
  return {
    type: 'teacher', pass, item, index: 0, promptSha256: 'x', text: 'guidance', tokens: null, promptTokens: 100, completionTokens: 4,
    finishReason: 'length', responseModel: 'm', timing: null, batch: null, attempts: 1, cached: false, error: null,
  };
}
