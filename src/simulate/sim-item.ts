// What the simulator knows about a question: its gold answer, a fixed wrong answer, and the facts its paths cite.
import type { Choice, Item } from '../datasets/types.js';
import type { DatasetName } from '../vocabulary.js';
import { sha256 } from '../util/hash.js';
import { createRng, deriveSeed, randomInt } from '../util/rng.js';

export interface SimItem {
  /** The dataset item's id, or `unknown-<hash>` for a question no dataset holds. */
  id: string;
  kind: DatasetName;
  /** False when the gold answer was made up because no dataset holds the question. */
  known: boolean;
  gold: string;
  wrong: string;
  /** GSM8K: the first three distinct numbers of the question, as written. */
  numbers: string[];
  /** CSQA: the choices, labels A–E; may be empty for an unknown question without readable choices. */
  choices: Choice[];
}

const NUMBER = /\d[\d,]*(?:\.\d+)?/g;
const CHOICE = /\(([A-Ea-e])\)\s*([^()]*)/g;

export function simItemFromDataset(item: Item): SimItem {
  const choices = item.choices ?? [];
  return {
    id: item.id,
    kind: item.dataset,
    known: true,
    gold: item.gold,
    wrong: item.dataset === 'gsm8k' ? wrongNumber(item.gold, item.id) : wrongLetter(item.gold, choices, item.id),
    numbers: item.dataset === 'gsm8k' ? questionNumbers(item.question) : [],
    choices,
  };
}

/** A question no dataset holds still gets an answer: a made-up gold drawn from the question's hash. */
export function inventItem(question: string): SimItem {
  const id = `unknown-${sha256(question).slice(0, 12)}`;
  const rng = createRng(deriveSeed(id, 'gold'));
  const choicesAt = question.search(/\sAnswer Choices:/i);
  if (choicesAt !== -1) {
    const choices = readChoices(question.slice(choicesAt));
    const labels = choices.length > 0 ? choices.map((c) => c.label) : ['A', 'B', 'C', 'D', 'E'];
    const gold = labels[randomInt(rng, 0, labels.length - 1)]!;
    return { id, kind: 'csqa', known: false, gold, wrong: wrongLetter(gold, choices, id), numbers: [], choices };
  }
  const gold = String(randomInt(rng, 2, 99));
  return { id, kind: 'gsm8k', known: false, gold, wrong: wrongNumber(gold, id), numbers: questionNumbers(question), choices: [] };
}

/** `(A) shirt pocket (B) ...` → choices; commas and a final period between choices are dropped. */
export function readChoices(text: string): Choice[] {
  return [...text.matchAll(CHOICE)].map((m) => ({
    label: m[1]!.toUpperCase(),
    text: m[2]!.trim().replace(/[,.]$/, '').trim(),
  }));
}

function questionNumbers(question: string): string[] {
  const found = (question.match(NUMBER) ?? []).map((n) => n.replace(/,+$/, ''));
  return [...new Set(found)].slice(0, 3);
}

/** A wrong number near the gold (1–9 away), the same for every model so teacher and student agree. */
function wrongNumber(gold: string, id: string): string {
  const rng = createRng(deriveSeed(id, 'wrong'));
  const value = Number(gold);
  const decimals = gold.split('.')[1]?.length ?? 0;
  const step = randomInt(rng, 1, 9);
  const down = rng() < 0.5 && value - step >= 0;
  return (down ? value - step : value + step).toFixed(decimals);
}

function wrongLetter(gold: string, choices: Choice[], id: string): string {
  const labels = (choices.length > 1 ? choices.map((c) => c.label) : ['A', 'B', 'C', 'D', 'E']).filter((l) => l !== gold);
  return labels[randomInt(createRng(deriveSeed(id, 'wrong')), 0, labels.length - 1)]!;
}

/** Finds the item a prompt's test question refers to: GSM8K by exact text, CSQA by the stem. */
export function createItemIndex(items: Item[]): (question: string) => SimItem {
  const byQuestion = new Map<string, SimItem>();
  const byStem = new Map<string, SimItem>();
  for (const item of items) {
    const target = item.dataset === 'csqa' ? byStem : byQuestion;
    target.set(item.question.trim(), simItemFromDataset(item));
  }
  return (question) => {
    const choicesAt = question.search(/\sAnswer Choices:/i);
    const stem = (choicesAt === -1 ? question : question.slice(0, choicesAt)).trim();
    return (choicesAt === -1 ? byQuestion.get(stem) : undefined) ?? byStem.get(stem) ?? inventItem(question);
  };
}
