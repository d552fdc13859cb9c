// computeCellMetrics: every cell's accuracy, times, tokens and comparisons, from the merged run records.
import { allRuleAccuracy } from './accuracy.js';
import { gktSeconds } from './arithmetic.js';
import { compareWithBaselines } from './comparisons.js';
import { rescoreItem, storedScores, templateForCell } from './rescore.js';
import { studentStats, teacherStats } from './role-stats.js';
import { phaseClock, phaseSpans } from './segments.js';
import { mean } from './statistics.js';
import { teacherPhaseTime } from './teacher-time.js';
import { methodFigures } from './methods/method-figures.js';
import { compareMethods } from './methods/compare-methods.js';
import { RULE_NAMES, type RuleName } from '../extract/types.js';
import type { ItemRecord } from '../results/records.js';
import type { CellMetrics } from './metrics-types.js';
import type { ItemScores } from './rescore.js';
import type { CellData, RunData } from './run-data.js';
import type { PhaseTime } from './teacher-time.js';

export interface MetricsOptions {
  /** The headline rule (default `reference`, as the paper's tables). */
  rule?: RuleName;
}

const zeroByRule = (): Record<RuleName, number> => Object.fromEntries(RULE_NAMES.map((rule) => [rule, 0])) as Record<RuleName, number>;
const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

function studentPhase(data: CellData): PhaseTime {
  const clock = phaseClock(phaseSpans(data.segments, data.timings));
  return clock.seconds === null
    ? { seconds: null, source: 'missing', reason: 'the cell has no segment records', clock }
    : { seconds: clock.seconds, source: 'measured', reason: null, clock };
}

/** A router makes no request of its own: its time is the recorded time of what it routes, summed over its items. */
function routedTime(seconds: number | null, data: CellData): PhaseTime {
  const clock = phaseClock(phaseSpans(data.segments, data.timings));
  return seconds === null
    ? { seconds: null, source: 'missing', reason: 'a routed answer was served from the cache: its time was not measured', clock }
    : { seconds, source: 'derived', reason: null, clock };
}

function teacherPhase(run: RunData, data: CellData): PhaseTime | null {
  const teacher = data.cell.teacher;
  if (teacher === null) return null;
  const pass = run.passes.get(teacher.pass);
  if (pass === undefined) {
    return { seconds: null, source: 'missing', reason: 'the teacher pass file is missing', clock: { seconds: null, spans: 0, interrupted: 0, sessions: 0 } };
  }
  return teacherPhaseTime(pass, teacher.guidanceTokens);
}

interface Scored {
  metrics: CellMetrics;
  /** Headline-rule verdict per present item (a failed item is wrong), for paired tests. */
  outcomes: Map<string, boolean>;
}

function scoreCell(run: RunData, data: CellData, rule: RuleName): Scored {
  const { cell } = data;
  const template = templateForCell(run, cell);
  const present: ItemRecord[] = [];
  const scores: Array<ItemScores | null> = data.planned.map((item) => {
    const record = data.records.get(item);
    if (record === undefined) return null;
    present.push(record);
    return template === null ? storedScores(record) : rescoreItem(record, cell, template);
  });
  const changed = zeroByRule();
  const teacherChanged = zeroByRule();
  for (const score of scores) {
    for (const r of score?.changed ?? []) changed[r] += 1;
    for (const r of score?.teacherChanged ?? []) teacherChanged[r] += 1;
  }

  const errors = { total: 0, byKind: {} as Record<string, number>, byRole: { teacher: 0, student: 0 } };
  for (const record of present) {
    if (record.error === null) continue;
    errors.total += 1;
    errors.byKind[record.error.kind] = (errors.byKind[record.error.kind] ?? 0) + 1;
    errors.byRole[record.error.role] += 1;
  }

  const outcomes = new Map<string, boolean>();
  data.planned.forEach((item, index) => {
    if (data.records.has(item)) outcomes.set(item, scores[index]?.answers?.[rule].correct ?? false);
  });

  const method = methodFigures(cell, present, data.notes ?? [], (name) => run.models.get(name)?.label ?? name);
  const student = method?.route ? routedTime(method.route.seconds, data) : studentPhase(data);
  const teacher = teacherPhase(run, data);
  const totalSeconds = cell.teacher === null
    ? student.seconds
    : teacher?.seconds == null || student.seconds === null ? null : gktSeconds(teacher.seconds, student.seconds);
  const answered = present.filter((r) => r.error === null && r.student !== null);
  const guided = present.filter((r) => r.guidance !== null);
  const label = (name: string): string => run.models.get(name)?.label ?? name;
  const simulated = [cell.student.model.name, cell.teacher?.model.name]
    .some((name) => name !== undefined && run.models.get(name)?.simulated === true);

  const metrics: CellMetrics = {
    id: cell.id,
    label: cell.label,
    kind: cell.kind,
    dataset: cell.dataset.name,
    format: cell.prompt.format,
    chat: cell.student.model.chat !== undefined || cell.teacher?.model.chat !== undefined,
    shots: cell.prompt.shots,
    promptSha256: cell.prompt.sha256,
    datasetSha256: cell.dataset.sha256,
    sampling: { student: cell.student.sampling, teacher: cell.teacher === null ? null : (run.passes.get(cell.teacher.pass)?.pass.sampling ?? null) },
    mode: cell.mode,
    repeat: cell.repeat,
    seed: cell.seed,
    teacher: cell.teacher === null ? null : {
      model: cell.teacher.model.name,
      label: label(cell.teacher.model.name),
      guidanceTokens: cell.teacher.guidanceTokens,
      projection: cell.teacher.projection,
      pass: cell.teacher.pass,
      batching: run.passes.get(cell.teacher.pass)?.pass.batching ?? null,
    },
    student: { model: cell.student.model.name, label: label(cell.student.model.name), maxTokens: cell.student.maxTokens, batching: cell.student.batching },
    simulated,
    items: {
      planned: data.planned.length,
      present: present.length,
      missing: data.planned.length - present.length,
      answered: answered.length,
      complete: present.length === data.planned.length,
      duplicates: data.duplicates,
    },
    errors,
    rule,
    acc: allRuleAccuracy(scores.map((s) => s?.answers ?? null)),
    accTeacher: cell.teacher === null ? null : allRuleAccuracy(scores.map((s) => s?.teacherAnswers ?? null)),
    rescore: {
      applied: template !== null,
      reason: template === null ? `no prompt file in the run folder matches the cell's prompt sha256 ${cell.prompt.sha256.slice(0, 12)}; stored answers were used` : null,
      changed,
      teacherChanged,
    },
    time: {
      teacher,
      student,
      totalSeconds,
      cachedItems: present.filter((r) => r.student?.cached === true || r.guidance?.cached === true).length,
    },
    roles: {
      teacher: cell.teacher === null ? null : teacherStats(present, cell.teacher.model.name, teacher?.seconds ?? null),
      student: studentStats(present, cell.student.model.name, student.seconds),
    },
    guidance: cell.teacher === null ? null : {
      meanTokens: mean(guided.map((r) => r.guidance?.tokens ?? 0)),
      meanBytes: mean(guided.map((r) => bytes(r.guidance?.text ?? ''))),
    },
    answerBytes: mean(answered.map((r) => bytes((r.guidance?.text ?? '') + (r.student?.text ?? '')))),
    baselines: { studentAlone: null, teacherAlone: null, teacherAloneSameBatching: null },
    deltaAcc: null,
    speedUp: null,
    speedUpSameBatching: null,
    mcnemar: null,
    method,
    versus: null,
  };
  return { metrics, outcomes };
}

/** Every cell's metrics, in plan order, with each GKT cell compared against its baselines of the same repeat. */
export function computeCellMetrics(run: RunData, options: MetricsOptions = {}): CellMetrics[] {
  const rule = options.rule ?? 'reference';
  const scored = run.cells.map((data) => scoreCell(run, data, rule));
  const outcomes = new Map(scored.map((s) => [s.metrics.id, s.outcomes]));
  const origins = new Map(run.cells.map((data) => [data.cell.id, data.origins]));
  const cells = run.cells.map((data) => data.cell);
  return compareMethods(compareWithBaselines(scored.map((s) => s.metrics), cells, outcomes, origins), cells, (id) => outcomes.get(id), origins);
}
