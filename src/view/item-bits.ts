// The per-item facts the items page filters on, as bits: shared by the server and the pages of a bundle.
import { RULE_NAMES, type RuleName } from '../vocabulary.js';

/** Bits of an item's flags; each rule has its own four from RULE_BASE on. */
export const BIT = { present: 1, error: 2, cut: 4, cached: 8 } as const;
const RULE_BASE = 4;
const RULE_BITS = { correct: 0, noAnswer: 1, fallback: 2, changed: 3 } as const;

export function ruleBit(rule: RuleName, which: keyof typeof RULE_BITS): number {
  return 1 << (RULE_BASE + RULE_NAMES.indexOf(rule) * 4 + RULE_BITS[which]);
}

/** What the items page knows of one cell without its texts. Plain JSON, so a static bundle carries it as it is. */
export interface CellIndex {
  cell: string;
  /** Planned item ids, in run order. */
  items: string[];
  flags: number[];
  answers: Record<RuleName, Array<string | null>>;
  /** Index into `errorKinds`, or -1. */
  errors: number[];
  errorKinds: string[];
}

/** Question (its start) and gold of each item of a dataset, shared by the cells that ran it. */
export interface ItemTable {
  questions: ReadonlyMap<string, string>;
  gold: ReadonlyMap<string, string>;
}

/** The table as JSON: parallel lists, since item ids are data and must not become object keys. */
export interface ItemTableJson {
  items: string[];
  questions: string[];
  gold: string[];
}

export function tableToJson(table: ItemTable): ItemTableJson {
  const items = [...table.questions.keys()];
  return { items, questions: items.map((item) => table.questions.get(item) ?? ''), gold: items.map((item) => table.gold.get(item) ?? '') };
}

export function tableFromJson(json: ItemTableJson): ItemTable {
  return {
    questions: new Map(json.items.map((item, i) => [item, json.questions[i] ?? ''])),
    gold: new Map(json.items.map((item, i) => [item, json.gold[i] ?? ''])),
  };
}
