// What follows an answer, as base models write it: invented next questions, each answered, without end.
import { createRng, deriveSeed, randomInt } from '../util/rng.js';
import type { SimItem } from './sim-item.js';

/** Places and a thing found in each, for invented CommonsenseQA-style questions. */
const PLACES: Array<[thing: string, place: string]> = [
  ['stapler', 'office'],
  ['pillow', 'bedroom'],
  ['canoe', 'lake'],
  ['textbook', 'school'],
  ['saucepan', 'kitchen'],
  ['tractor', 'farm'],
  ['suitcase', 'airport'],
];
const LABELS = ['A', 'B', 'C', 'D', 'E'];

/**
 * The text after an answer: `\n\nQ: ...\nA: ... The answer is ...` blocks, at least `minChars` long.
 * It depends on the item only, so one model's text can be recognised and continued by another.
 */
export function tailText(item: SimItem, minChars: number): string {
  let text = '';
  for (let block = 0; text.length < minChars; block++) {
    const rng = createRng(deriveSeed(item.id, 'tail', block));
    const [question, answer] = item.kind === 'gsm8k' ? arithmeticBlock(rng) : placeBlock(rng);
    text += `\n\nQ: ${question}\nA: ${answer}`;
  }
  return text;
}

function arithmeticBlock(rng: () => number): [string, string] {
  const a = randomInt(rng, 12, 60);
  const b = randomInt(rng, 2, 11);
  switch (randomInt(rng, 0, 2)) {
    case 0:
      return [
        `A baker made ${a} rolls and sold ${b} of them. How many rolls are left?`,
        `The baker made ${a} rolls and sold ${b}. So ${a} - ${b} = ${a - b}. The answer is ${a - b}.`,
      ];
    case 1:
      return [
        `Mia has ${a} stickers and gets ${b} more. How many stickers does she have now?`,
        `Mia starts with ${a} stickers and gets ${b} more. So ${a} + ${b} = ${a + b}. The answer is ${a + b}.`,
      ];
    default:
      return [
        `A box holds ${b} pens. How many pens are in ${b + 1} boxes?`,
        `Each box holds ${b} pens. So ${b + 1} * ${b} = ${(b + 1) * b}. The answer is ${(b + 1) * b}.`,
      ];
  }
}

function placeBlock(rng: () => number): [string, string] {
  const order = PLACES.map((entry) => ({ entry, key: rng() })).sort((x, y) => x.key - y.key);
  const choices = order.slice(0, LABELS.length).map((o) => o.entry);
  const goldAt = randomInt(rng, 0, LABELS.length - 1);
  const [thing, place] = choices[goldAt]!;
  const listed = choices.map(([, p], i) => `(${LABELS[i]!}) ${p}`).join(' ');
  return [
    `Where would you most likely find a ${thing}? Answer Choices: ${listed}`,
    `Let us look at each choice. Thinking about what the question asks, ${place} fits it better than the other choices. So the answer must be ${place}. The answer is ${LABELS[goldAt]!}.`,
  ];
}
