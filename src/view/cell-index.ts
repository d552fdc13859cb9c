// Builds a cell's index for the items page: one small bit set and the answer per rule for each planned item, no texts.
import { RULE_NAMES } from '../extract/types.js';
import { BIT, ruleBit, type CellIndex } from './item-bits.js';
import type { ItemScores } from '../report/rescore.js';
import type { ItemRecord } from '../results/records.js';

/** Answers longer than this are cut in the index: a list shows the start, the item page the whole. */
const ANSWER_CHARS = 40;

function cut(text: string | null): string | null {
  return text === null || text.length <= ANSWER_CHARS ? text : `${text.slice(0, ANSWER_CHARS - 1)}…`;
}

/**
 * Pure. `scores[i]` is the scoring of `planned[i]`'s record (null when it has none), decided as the
 * report decides it: re-extracted from the texts where the cell's prompt file is known, else stored.
 */
export function buildCellIndex(
  cell: string,
  planned: readonly string[],
  records: ReadonlyMap<string, ItemRecord>,
  scores: ReadonlyArray<ItemScores | null>,
): CellIndex {
  const index: CellIndex = {
    cell,
    items: [...planned],
    flags: [],
    answers: Object.fromEntries(RULE_NAMES.map((rule) => [rule, []])) as unknown as CellIndex['answers'],
    errors: [],
    errorKinds: [],
  };
  planned.forEach((item, i) => {
    const record = records.get(item);
    const score = scores[i] ?? null;
    let flags = 0;
    if (record !== undefined) {
      flags |= BIT.present;
      if (record.error !== null) flags |= BIT.error;
      if (record.student?.finishReason === 'length') flags |= BIT.cut;
      if (record.student?.cached === true || record.guidance?.cached === true) flags |= BIT.cached;
    }
    for (const rule of RULE_NAMES) {
      const answer = score?.answers?.[rule] ?? null;
      index.answers[rule].push(cut(answer?.answer ?? null));
      if (answer === null) continue;
      if (answer.correct) flags |= ruleBit(rule, 'correct');
      if (answer.answer === null) flags |= ruleBit(rule, 'noAnswer');
      if (answer.fallback) flags |= ruleBit(rule, 'fallback');
    }
    for (const rule of score?.changed ?? []) flags |= ruleBit(rule, 'changed');
    index.flags.push(flags);
    const kind = record?.error?.kind ?? null;
    if (kind === null) index.errors.push(-1);
    else {
      let at = index.errorKinds.indexOf(kind);
      if (at === -1) at = index.errorKinds.push(kind) - 1;
      index.errors.push(at);
    }
  });
  return index;
}
