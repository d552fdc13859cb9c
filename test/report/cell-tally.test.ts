// A cell counted as its records stream past: the figures of every rule, and a byte per item for paired tests.
import { describe, expect, it } from 'vitest';
import { CellTally } from '../../src/report/cell-tally.js';
import { storedScores } from '../../src/report/rescore.js';
import { outcomesUnder } from '../../src/report/run-data.js';
import { RULE_NAMES } from '../../src/vocabulary.js';
import type { ItemRecord } from '../../src/results/records.js';
import { cellOf, itemRecord, segments } from './builders.js';

const planned = ['gsm8k-0', 'gsm8k-1', 'gsm8k-2', 'gsm8k-3'];
const cell = cellOf({ id: 'c-1', dataset: 'gsm8k', student: { model: 's', l: 40 }, teacher: { model: 't', n: 10 } });
const context = { passes: new Map(), models: new Map(), rescore: { applied: false, reason: 'none' }, origins: ['run'], dirs: ['/runs/run'] };

function tally(records: ItemRecord[]): CellTally {
  const t = new CellTally(cell, planned, new Map(planned.map((item, i) => [item, i])));
  for (const segment of segments('s-1', 0, 2000)) t.segment(segment);
  for (const record of records) t.add(record, storedScores(record));
  return t;
}

describe('CellTally', () => {
  const failed: ItemRecord = {
    ...itemRecord('c-1', 'gsm8k-2', false, false),
    guidance: null,
    student: null,
    teacherAnswers: null,
    error: { kind: 'server', message: 'HTTP 500', attempts: 4, role: 'teacher' },
  };
  const records = [itemRecord('c-1', 'gsm8k-0', true, true), itemRecord('c-1', 'gsm8k-1', false, true), failed];
  const { figures, outcomes } = tally(records).figures(context);

  it('counts every planned item in the denominator: a missing or failed item is wrong', () => {
    expect(figures.acc.reference).toMatchObject({ correct: 1, total: 4, percent: 25 });
    expect(figures.accTeacher?.strict).toMatchObject({ correct: 2, total: 4 });
    expect(figures.items).toEqual({ planned: 4, present: 3, missing: 1, answered: 2, complete: false, duplicates: 0, redone: 0 });
    expect(figures.errors).toEqual({ total: 1, byKind: { server: 1 }, byRole: { teacher: 1, student: 0 } });
  });

  it('sums tokens and bytes, and times the phase from its segments', () => {
    expect(figures.roles.student).toMatchObject({ requests: 2, completionTokens: { sum: 20, mean: 10, reported: 2 } });
    expect(figures.roles.teacher).toMatchObject({ requests: 2, completionTokens: { sum: 8, mean: 4, reported: 2 } });
    expect(figures.guidance).toEqual({ meanTokens: 4, meanBytes: Buffer.byteLength('guidance') });
    expect(figures.answerBytes).toBe(Buffer.byteLength('guidance continuation'));
    expect(figures.time.student).toMatchObject({ seconds: 2, source: 'measured' });
  });

  it('keeps for each item only whether it is there and which rules judged it right', () => {
    expect([...outcomesUnder(outcomes, 'reference', RULE_NAMES)]).toEqual([['gsm8k-0', true], ['gsm8k-1', false], ['gsm8k-2', false]]);
  });

  it('takes a rule stored records lack (a gkt without it) as no answer', () => {
    const record = itemRecord('c-1', 'gsm8k-0', true, true);
    delete record.answers.flexible;
    const acc = tally([record]).figures(context).figures.acc;
    expect(acc.flexible).toMatchObject({ correct: 0, noAnswer: 1 });
    expect(acc.strict).toMatchObject({ correct: 1, noAnswer: 0 });
  });
});
