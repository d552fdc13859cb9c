// One cell's figures, counted as its records stream past: accuracy under every rule, errors, times, tokens, and per item whether each rule judged it right.
import { RULE_NAMES, type RuleName } from '../vocabulary.js';
import type { Cell } from '../plan/types.js';
import type { AcceptanceRecord, VocabularyRecord } from '../results/method-records.js';
import type { ItemRecord, RequestTiming, SegmentRecord } from '../results/records.js';
import { AccuracyTally } from './accuracy.js';
import { gktSeconds } from './arithmetic.js';
import type { Scores } from './rescore.js';
import { methodTally, type MethodTally } from './methods/method-figures.js';
import { methodPromptTokens } from './methods/prompt-tokens.js';
import { RoleTally } from './role-stats.js';
import { phaseClock, phaseSpans, RequestTimes } from './segments.js';
import type { PositionLookup } from '../util/positions.js';
import type { CellData, ModelInfo, PassData } from './run-data.js';
import type { PhaseTime } from './teacher-time.js';

export interface CellContext {
  passes: ReadonlyMap<string, PassData>;
  models: ReadonlyMap<string, ModelInfo>;
  /** Whether the answers were extracted again from the texts (else the stored ones stand), and why not. */
  rescore: { applied: boolean; reason: string | null };
  origins: string[];
  dirs: string[];
}

const zeroByRule = (): Record<RuleName, number> => Object.fromEntries(RULE_NAMES.map((rule) => [rule, 0])) as Record<RuleName, number>;
const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * Holds per planned item one byte (whether it is present, and right under each rule, for paired tests);
 * everything else is a count, a sum, or a list of numbers for percentiles.
 */
export class CellTally {
  readonly segments: SegmentRecord[] = [];
  /** Every request's times in the files, duplicates included: ends of killed segments come from them. */
  readonly times = new RequestTimes();
  /** Records read beyond one per item (retries, overlapping shards). */
  duplicates = 0;
  /** Records of items that no plan lists for this cell; they are not scored. */
  unplanned = 0;
  /** Items sessions requested again after they had failed: the phase's time holds their failed attempts too. */
  private redone = 0;
  private present = 0;
  private answered = 0;
  private cachedItems = 0;
  private guided = { count: 0, tokens: 0, bytes: 0 };
  private answerBytes = 0;
  private readonly accuracy = new AccuracyTally();
  private readonly teacherAccuracy = new AccuracyTally();
  private readonly changed = zeroByRule();
  private readonly teacherChanged = zeroByRule();
  private readonly errors = { total: 0, byKind: {} as Record<string, number>, byRole: { teacher: 0, student: 0 } };
  private readonly student = new RoleTally();
  private readonly teacher = new RoleTally();
  private readonly flags: Uint8Array;
  /** A hand-off, cascade, router or speculative server's own figures; null for the others. */
  private readonly method: MethodTally | null;

  constructor(
    readonly cell: Cell,
    /** The items planned for the cell's dataset in every plan that lists it: the denominator. */
    readonly planned: readonly string[],
    private readonly positions: PositionLookup,
  ) {
    this.flags = new Uint8Array(planned.length);
    this.method = methodTally(cell);
  }

  segment(line: SegmentRecord): void {
    this.segments.push(line);
    this.redone += line.redo ?? 0;
  }

  /** A speculative server's acceptance counters or vocabulary check. */
  note(line: AcceptanceRecord | VocabularyRecord): void {
    this.method?.note(line);
  }

  /** A request's timing, from any record of the cell's files; `planned`: whether its item is one the plan lists. */
  timing(timing: RequestTiming | null, planned = true): void {
    this.times.add(timing, planned);
  }

  /** The record that stands for a planned item, with its scores (re-extracted, or the stored ones). */
  add(record: ItemRecord, scores: Scores): void {
    this.present += 1;
    this.method?.add(record);
    let flags = 1;
    if (scores.answers !== null) {
      this.accuracy.add(scores.answers);
      RULE_NAMES.forEach((rule, i) => {
        if (scores.answers?.[rule]?.correct) flags |= 1 << (1 + i);
      });
    }
    this.flags[this.positions.get(record.item)!] = flags;
    if (scores.teacherAnswers !== null) this.teacherAccuracy.add(scores.teacherAnswers);
    for (const rule of scores.changed) this.changed[rule] += 1;
    for (const rule of scores.teacherChanged) this.teacherChanged[rule] += 1;
    if (record.error !== null) {
      this.errors.total += 1;
      this.errors.byKind[record.error.kind] = (this.errors.byKind[record.error.kind] ?? 0) + 1;
      this.errors.byRole[record.error.role] += 1;
    }
    const { student, guidance } = record;
    if (student !== null) {
      const { timing } = student;
      const latencyMs = timing === null ? null : timing.end - timing.start;
      const thinkingTokens = student.thinking === undefined ? undefined : (student.thinking?.tokens ?? null);
      const promptTokens = record.method === undefined ? student.promptTokens : methodPromptTokens(record.method, student.promptTokens);
      this.student.add({ promptTokens, completionTokens: student.completionTokens, timing, latencyMs, cached: student.cached, thinkingTokens });
      if (record.error === null) {
        this.answered += 1;
        this.answerBytes += bytes((guidance?.text ?? '') + (student.text ?? ''));
      }
    }
    if (guidance !== null) {
      const { timing } = guidance;
      this.guided.count += 1;
      this.guided.tokens += guidance.tokens;
      this.guided.bytes += bytes(guidance.text);
      const latencyMs = timing === null ? null : guidance.derived && guidance.readyAt !== null ? guidance.readyAt : timing.end - timing.start;
      this.teacher.add({
        promptTokens: guidance.promptTokens,
        completionTokens: guidance.tokens,
        timing,
        latencyMs,
        cached: guidance.cached,
        thinkingTokens: guidance.thinkingTokens,
      });
    }
    if (student?.cached === true || guidance?.cached === true) this.cachedItems += 1;
  }

  figures(context: CellContext): CellData {
    const { cell, planned } = this;
    const label = (name: string): string => context.models.get(name)?.label ?? name;
    const method = this.method?.figures(label) ?? null;
    const student = method?.route ? routedTime(method.route.seconds, this) : studentPhase(this);
    const teacher = teacherPassTime(context.passes, cell);
    const totalSeconds = cell.teacher === null
      ? student.seconds
      : teacher?.seconds == null || student.seconds === null ? null : gktSeconds(teacher.seconds, student.seconds);
    const simulated = [cell.student.model.name, cell.teacher?.model.name]
      .some((name) => name !== undefined && context.models.get(name)?.simulated === true);
    const pass = cell.teacher === null ? undefined : context.passes.get(cell.teacher.pass)?.pass;
    const mean = (total: number, count: number) => (count === 0 ? null : total / count);
    return {
      cell,
      origins: context.origins,
      dirs: context.dirs,
      outcomes: { items: planned, flags: this.flags },
      figures: {
        id: cell.id,
        label: cell.label,
        kind: cell.kind,
        dataset: cell.dataset.name,
        format: cell.prompt.format,
        chat: cell.student.model.chat !== undefined || cell.teacher?.model.chat !== undefined,
        shots: cell.prompt.shots,
        promptSha256: cell.prompt.sha256,
        datasetSha256: cell.dataset.sha256,
        sampling: { student: cell.student.sampling, teacher: cell.teacher === null ? null : (pass?.sampling ?? null) },
        mode: cell.mode,
        repeat: cell.repeat,
        seed: cell.seed,
        teacher: cell.teacher === null ? null : {
          model: cell.teacher.model.name,
          label: label(cell.teacher.model.name),
          guidanceTokens: cell.teacher.guidanceTokens,
          projection: cell.teacher.projection,
          pass: cell.teacher.pass,
          batching: pass?.batching ?? null,
        },
        student: { model: cell.student.model.name, label: label(cell.student.model.name), maxTokens: cell.student.maxTokens, batching: cell.student.batching },
        simulated,
        items: {
          planned: planned.length,
          present: this.present,
          missing: planned.length - this.present,
          answered: this.answered,
          complete: this.present === planned.length,
          duplicates: this.duplicates,
          redone: this.redone,
        },
        errors: this.errors,
        acc: this.accuracy.accuracy(planned.length),
        accTeacher: cell.teacher === null ? null : this.teacherAccuracy.accuracy(planned.length),
        rescore: { ...context.rescore, changed: this.changed, teacherChanged: this.teacherChanged },
        time: { teacher, student, totalSeconds, cachedItems: this.cachedItems },
        roles: {
          teacher: cell.teacher === null ? null : this.teacher.stats(cell.teacher.model.name, teacher?.seconds ?? null),
          student: this.student.stats(cell.student.model.name, student.seconds),
        },
        guidance: cell.teacher === null ? null : { meanTokens: mean(this.guided.tokens, this.guided.count), meanBytes: mean(this.guided.bytes, this.guided.count) },
        answerBytes: mean(this.answerBytes, this.answered),
        method,
      },
    };
  }
}

function studentPhase(tally: CellTally): PhaseTime {
  const spans = phaseSpans(tally.segments, tally.times);
  const clock = phaseClock(spans);
  if (clock.seconds === null) return { seconds: null, source: 'missing', reason: 'the cell has no segment records', clock };
  const outside = tally.times.outsidePlan(spans);
  return outside === null ? { seconds: clock.seconds, source: 'measured', reason: null, clock } : { seconds: null, source: 'missing', reason: outside, clock };
}

/** A router makes no request of its own: its time is the recorded time of what it routes, summed over its items. */
function routedTime(seconds: number | null, tally: CellTally): PhaseTime {
  const clock = phaseClock(phaseSpans(tally.segments, tally.times));
  return seconds === null
    ? { seconds: null, source: 'missing', reason: 'a routed answer was served from the cache: its time was not measured', clock }
    : { seconds, source: 'derived', reason: null, clock };
}

function teacherPassTime(passes: ReadonlyMap<string, PassData>, cell: Cell): PhaseTime | null {
  if (cell.teacher === null) return null;
  const time = passes.get(cell.teacher.pass)?.times.get(cell.teacher.guidanceTokens);
  if (time === undefined) {
    return { seconds: null, source: 'missing', reason: 'the teacher pass file is missing', clock: { seconds: null, spans: 0, interrupted: 0, sessions: 0 } };
  }
  return time;
}
