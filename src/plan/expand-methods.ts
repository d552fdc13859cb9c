// The method cells of one pair at one output length: hand-offs, cascades and routers, each with its content-derived id.
import type { CascadeSpec, HandoffSpec, RouterSpec } from '../config/types.js';
import { DEFAULTS } from '../config/defaults.js';
import type { Batching, HandoffPolicy, ModelRef, Router, RuleName, Sampling } from '../vocabulary.js';
import { methodName, type CellMethod } from './methods.js';
import type { Cell } from './types.js';

/** What every cell of the pair at this length shares. */
export interface MethodCellContext {
  common: Pick<Cell, 'dataset' | 'prompt' | 'mode' | 'repeat' | 'seed'>;
  teacher: { ref: ModelRef; label: string; sampling: { pair: Sampling; alone: Sampling } };
  student: { ref: ModelRef; label: string; sampling: { pair: Sampling; alone: Sampling }; batching: Batching };
  length: number;
  suffix: string;
  /** Ids of the single cells the routers read: the student and the teacher alone, one request at a time. */
  alone: { student: string; teacher: string };
  /** The id of a cell whose content is given: the one the plan will hold. */
  idOf: (cell: Omit<Cell, 'id'>) => string;
}

/** The guidance lengths `prefix` hand-offs stand for: GKT cells, with the ids GKT cells have always had. */
export function prefixLengths(handoffs: readonly HandoffSpec[] | undefined): number[] {
  return (handoffs ?? []).flatMap((h) => (h.policy === 'prefix' ? [h.teacherTokens] : []));
}

/** Whether the pair's routers read the student's log-probabilities or answer length (its alone cell then asks for them). */
export function routersNeedLogprobs(routers: readonly RouterSpec[] | undefined): boolean {
  return (routers ?? []).some((r) => r.router === 'threshold' && (r.signal === 'logprob' || r.signal === 'length'));
}

function handoffPolicy(spec: Exclude<HandoffSpec, { policy: 'prefix' }>): HandoffPolicy {
  return spec.policy === 'per-step'
    ? { name: 'per-step', teacherTokens: spec.teacherTokens, stepEnds: spec.stepEnds ?? [...DEFAULTS.stepEnds] }
    : { name: 'confidence', threshold: spec.threshold, teacherTokens: spec.teacherTokens, window: spec.window ?? DEFAULTS.confidenceWindow };
}

function routerOf(spec: RouterSpec, seed: number): Router {
  if (spec.router === 'oracle') return { name: 'oracle' };
  if (spec.router === 'random') return { name: 'random', rate: spec.rate, seed };
  return { name: 'threshold', signal: spec.signal, threshold: spec.threshold };
}

export function methodCells(
  context: MethodCellContext,
  specs: { handoffs?: readonly HandoffSpec[]; cascades?: readonly CascadeSpec[]; routers?: readonly RouterSpec[] },
): Array<Omit<Cell, 'id'>> {
  const { common, teacher, student, length, suffix } = context;
  const pairLabel = `${teacher.label}→${student.label}`;
  // `T→S per-step(8)→300`; a router makes no answer of its own: `T→S route oracle 300`.
  const cell = (sampling: Sampling, method: CellMethod, batching: Batching = student.batching): Omit<Cell, 'id'> => ({
    ...common,
    kind: method.kind,
    label: `${pairLabel} ${methodName(method)}${method.kind === 'route' ? ' ' : '→'}${length}${suffix}`,
    teacher: null,
    student: { model: student.ref, maxTokens: length, batching, sampling },
    method,
  });
  const cells: Array<Omit<Cell, 'id'>> = [];
  for (const spec of specs.handoffs ?? []) {
    if (spec.policy === 'prefix') continue;
    const policy = handoffPolicy(spec);
    cells.push(cell(student.sampling.pair, {
      kind: 'handoff',
      teacher: { model: teacher.ref, sampling: teacher.sampling.pair },
      policy,
      maxHandoffs: spec.maxHandoffs ?? DEFAULTS.maxHandoffs,
    }));
  }
  // The samples a cascade compares, by count and rule: an agreement router reads them from it.
  const samplesCell = new Map<string, string>();
  for (const spec of specs.cascades ?? []) {
    const rule: RuleName = spec.rule ?? DEFAULTS.agreementRule;
    const made = cell(student.sampling.alone, {
      kind: 'cascade',
      teacher: { model: teacher.ref, sampling: teacher.sampling.alone },
      samples: spec.samples,
      escalate: spec.escalate,
      threshold: spec.threshold ?? null,
      rule,
    });
    cells.push(made);
    samplesCell.set(`${spec.samples}\u0000${rule}`, context.idOf(made));
  }
  for (const spec of specs.routers ?? []) {
    const router = routerOf(spec, common.seed);
    const agreement = spec.router === 'threshold' && spec.signal === 'agreement' ? spec : null;
    const rule: RuleName = agreement?.rule ?? DEFAULTS.agreementRule;
    const samples = agreement === null ? null : samplesCell.get(`${agreement.samples}\u0000${rule}`) ?? null;
    cells.push(cell(student.sampling.alone, {
      kind: 'route',
      teacher: { model: teacher.ref },
      router,
      sources: { student: context.alone.student, teacher: context.alone.teacher, samples },
      rule,
      samples: agreement?.samples ?? null,
    }, { kind: 'serial' }));
  }
  return cells;
}
