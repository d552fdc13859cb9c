// Routing from the records of the student and the teacher alone: the oracle under the headline rule, and the threshold sweep.
import type { Router, RouteSignal, RuleName } from '../../vocabulary.js';
import type { RouteItem } from './method-figures.js';

/** One operating point of a router: how many items go to the teacher, and what that gives. */
export interface RoutePoint {
  /** The signal value down to which (length: up to which) items go to the teacher; null for none, or the oracle. */
  threshold: number | null;
  toTeacher: number;
  /** Right answers over the planned items (a missing or failed item is wrong). */
  correct: number;
  acc: number;
  /** Summed request time of what it pays for; null when some was not measured. */
  seconds: number | null;
  /** Tokens generated per role. */
  generated: { teacher: number; student: number };
}

export interface RoutingFigures {
  /** The oracle judged under the headline rule: its choices, and its point. */
  oracle: (RoutePoint & { outcomes: Map<string, boolean> }) | null;
  /** For a threshold router: every threshold of its signal, from all items to the student to all to the teacher. */
  sweep: RoutePoint[] | null;
  /** For a random router: the accuracy expected at its rate (its realisation is the cell's own). */
  expectedAcc: number | null;
}

type Right = (item: RouteItem) => boolean;

function point(items: readonly RouteItem[], planned: number, toTeacher: (item: RouteItem) => boolean, studentPaid: (toTeacher: boolean) => boolean, right: { student: Right; teacher: Right }, threshold: number | null): RoutePoint {
  let correct = 0;
  let routed = 0;
  let seconds: number | null = 0;
  const generated = { teacher: 0, student: 0 };
  for (const item of items) {
    const teacher = toTeacher(item);
    if (teacher) routed += 1;
    if (teacher ? right.teacher(item) : right.student(item)) correct += 1;
    const paid = [...(studentPaid(teacher) ? [item.student] : []), ...(teacher ? [item.teacher] : [])];
    for (const side of paid) seconds = seconds === null || side.ms === null ? null : seconds + side.ms / 1000;
    if (studentPaid(teacher)) generated.student += item.student.generated;
    if (teacher) generated.teacher += item.teacher.generated;
  }
  return { threshold, toTeacher: routed, correct, acc: planned === 0 ? 0 : (100 * correct) / planned, seconds, generated };
}

/** To the teacher exactly where the student is wrong and the teacher right; each item costs the model chosen. */
export function oracleRoute(items: readonly RouteItem[], planned: number, right: { student: Right; teacher: Right }): RoutingFigures['oracle'] {
  const choose = (item: RouteItem) => !right.student(item) && right.teacher(item);
  const outcomes = new Map(items.map((item) => [item.item, choose(item) ? right.teacher(item) : right.student(item)]));
  return { ...point(items, planned, choose, (teacher) => !teacher, right, null), outcomes };
}

/** How much a signal value doubts the student: the larger, the sooner the item goes to the teacher. */
export function doubt(signal: RouteSignal, value: number | null): number {
  if (value === null) return Infinity;
  return signal === 'length' ? value : -value;
}

/**
 * Every threshold a router on `signal` could use: the items sorted by doubt, the most doubtful sent to the
 * teacher first, items of equal signal together. The student answered every item (its signal comes from it).
 */
export function routingSweep(items: readonly RouteItem[], planned: number, signal: RouteSignal, right: { student: Right; teacher: Right }): RoutePoint[] {
  const values = [...new Set(items.map((item) => doubt(signal, item.signal)))].sort((a, b) => b - a);
  const cut = (limit: number) => (item: RouteItem) => doubt(signal, item.signal) >= limit;
  const threshold = (limit: number): number | null => (Number.isFinite(limit) ? (signal === 'length' ? limit : -limit) : null);
  const points = [point(items, planned, () => false, () => true, right, null)];
  for (const limit of values) points.push(point(items, planned, cut(limit), () => true, right, threshold(limit)));
  return points;
}

/** What a random router at `rate` is expected to get: the two accuracies mixed at that rate. */
export function expectedRandom(rate: number, studentAcc: number, teacherAcc: number): number {
  return (1 - rate) * studentAcc + rate * teacherAcc;
}

/** The routing figures of a route cell under the headline rule, from its records' two sides. */
export function routingFigures(router: Router, items: readonly RouteItem[], planned: number, rule: RuleName, accs: { student: number | null; teacher: number | null }): RoutingFigures {
  const right = { student: (item: RouteItem) => item.student.right[rule], teacher: (item: RouteItem) => item.teacher.right[rule] };
  return {
    oracle: router.name === 'oracle' ? oracleRoute(items, planned, right) : null,
    sweep: router.name === 'threshold' ? routingSweep(items, planned, router.signal, right) : null,
    expectedAcc: router.name === 'random' && accs.student !== null && accs.teacher !== null ? expectedRandom(router.rate, accs.student, accs.teacher) : null,
  };
}
