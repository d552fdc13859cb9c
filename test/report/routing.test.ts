// Routing from recorded answers: the oracle and the threshold sweep, worked out by hand on five items.
import { describe, expect, it } from 'vitest';
import { RULE_NAMES, type RuleName } from '../../src/vocabulary.js';
import type { RouteItem } from '../../src/report/methods/method-figures.js';
import { doubt, expectedRandom, oracleRoute, routingSweep } from '../../src/report/methods/routing.js';

const verdicts = (right: boolean) => Object.fromEntries(RULE_NAMES.map((rule) => [rule, right])) as Record<RuleName, boolean>;

/** Item, signal, student right, teacher right; the student takes 1 s, the teacher 3 s, 10 and 30 tokens. */
const ITEMS: RouteItem[] = ([
  ['a', -0.2, true, true],
  ['b', -1.5, false, true],
  ['c', -0.9, true, false],
  ['d', -2.0, false, false],
  ['e', null, false, true],
] as const).map(([item, signal, s, t]) => ({
  item,
  to: 'student',
  signal,
  student: { ms: 1000, promptTokens: 5, generated: 10, right: verdicts(s) },
  teacher: { ms: 3000, promptTokens: 5, generated: 30, right: verdicts(t) },
}));
const right = { student: (i: RouteItem) => i.student.right.flexible, teacher: (i: RouteItem) => i.teacher.right.flexible };

describe('routing from records', () => {
  it('sends the oracle\'s items to the teacher only where the student is wrong and the teacher right', () => {
    const oracle = oracleRoute(ITEMS, 5, right)!;
    // b and e go to the teacher; a and c stay right with the student; d is wrong either way.
    expect(oracle).toMatchObject({ toTeacher: 2, correct: 4, acc: 80, seconds: 3 + 3 + 1 + 1 + 1, generated: { teacher: 60, student: 30 } });
    expect([...oracle.outcomes]).toEqual([['a', true], ['b', true], ['c', true], ['d', false], ['e', true]]);
  });

  it('sweeps every threshold, the most doubtful first, the student paid on every item', () => {
    const sweep = routingSweep(ITEMS, 5, 'logprob', right);
    expect(sweep.map((p) => [p.threshold, p.toTeacher, p.correct, p.seconds])).toEqual([
      [null, 0, 2, 5],
      // No signal recorded is the most doubtful of all.
      [null, 1, 3, 8],
      [-2, 2, 3, 11],
      [-1.5, 3, 4, 14],
      [-0.9, 4, 3, 17],
      [-0.2, 5, 3, 20],
    ]);
    expect(doubt('length', 70)).toBeGreaterThan(doubt('length', 50));
    expect(doubt('agreement', 0.5)).toBeGreaterThan(doubt('agreement', 1));
  });

  it('expects a random router to mix the two accuracies at its rate', () => {
    expect(expectedRandom(0.25, 40, 80)).toBe(50);
  });
});
