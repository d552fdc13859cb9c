// Builds a cell's index for the items page as its records stream past: one small bit set and the answer per rule for each planned item, no texts.
import { RULE_NAMES } from '../vocabulary.js';
import { BIT, ruleBit, type CellIndex } from './item-bits.js';
import type { Scores } from '../report/rescore.js';
import type { ItemRecord } from '../results/records.js';

/** Answers longer than this are cut in the index: a list shows the start, the item page the whole. */
const ANSWER_CHARS = 40;

function cut(text: string | null): string | null {
  return text === null || text.length <= ANSWER_CHARS ? text : `${text.slice(0, ANSWER_CHARS - 1)}…`;
}

/** A planned item without a record is missing: no flags, no answers, no error. */
export class CellIndexBuilder {
  private readonly index: CellIndex;

  constructor(cell: string, planned: readonly string[]) {
    const none = (): null[] => new Array<null>(planned.length).fill(null);
    this.index = {
      cell,
      items: [...planned],
      flags: new Array<number>(planned.length).fill(0),
      answers: Object.fromEntries(RULE_NAMES.map((rule) => [rule, none()])) as CellIndex['answers'],
      errors: new Array<number>(planned.length).fill(-1),
      errorKinds: [],
    };
  }

  /**
   * The record standing for the planned item at `position`, with its scores as the report decided them:
   * re-extracted from the texts where the cell's prompt file is known, else stored.
   */
  add(position: number, record: ItemRecord, scores: Scores): void {
    const { index } = this;
    let flags = BIT.present;
    if (record.error !== null) flags |= BIT.error;
    if (record.student?.finishReason === 'length') flags |= BIT.cut;
    if (record.student?.cached === true || record.guidance?.cached === true) flags |= BIT.cached;
    for (const rule of RULE_NAMES) {
      const answer = scores.answers?.[rule] ?? null;
      index.answers[rule][position] = cut(answer?.answer ?? null);
      if (answer === null) continue;
      if (answer.correct) flags |= ruleBit(rule, 'correct');
      if (answer.answer === null) flags |= ruleBit(rule, 'noAnswer');
      if (answer.fallback) flags |= ruleBit(rule, 'fallback');
    }
    for (const rule of scores.changed) flags |= ruleBit(rule, 'changed');
    index.flags[position] = flags;
    const kind = record.error?.kind ?? null;
    if (kind !== null) {
      let at = index.errorKinds.indexOf(kind);
      if (at === -1) at = index.errorKinds.push(kind) - 1;
      index.errors[position] = at;
    }
  }

  build(): CellIndex {
    return this.index;
  }
}
