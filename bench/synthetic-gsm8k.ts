// A GSM8K-shaped dataset made from templates: arithmetic word problems with worked answers ending `#### <n>`.
import { writeFile } from 'node:fs/promises';
import { createRng, randomInt } from '../src/util/rng.js';

/** One line of a GSM8K test file. */
export interface Gsm8kRecord {
  question: string;
  answer: string;
}

type Draw = (min: number, max: number) => number;
type Pick = <T>(list: readonly T[]) => T;

const NAMES = ['Amara', 'Bruno', 'Chen', 'Dalia', 'Emeka', 'Freya', 'Goran', 'Hana', 'Ivo', 'Jun', 'Kemal', 'Lena', 'Mateo', 'Nadia', 'Oskar', 'Priya'];
const GOODS = [
  { item: 'notebooks', pack: 'box', packs: 'boxes' },
  { item: 'apples', pack: 'crate', packs: 'crates' },
  { item: 'candles', pack: 'carton', packs: 'cartons' },
  { item: 'marbles', pack: 'bag', packs: 'bags' },
  { item: 'pencils', pack: 'pack', packs: 'packs' },
  { item: 'tiles', pack: 'pallet', packs: 'pallets' },
] as const;

/** Each template writes the question and the worked answer with GSM8K's `<<a*b=c>>` calculator notes. */
const TEMPLATES: Array<(draw: Draw, pick: Pick) => Gsm8kRecord> = [
  (draw, pick) => {
    const [name, { item, pack, packs: plural }] = [pick(NAMES), pick(GOODS)];
    const packs = draw(3, 19);
    const per = draw(4, 24);
    const total = packs * per;
    const sold = draw(1, total - 1);
    const left = total - sold;
    return {
      question: `${name} buys ${packs} ${plural} of ${item} with ${per} ${item} in each ${pack}. ${name} gives away ${sold} ${item} to friends over the weekend. How many ${item} does ${name} have left?`,
      answer: `${name} bought ${packs} * ${per} = <<${packs}*${per}=${total}>>${total} ${item}.\nAfter giving some away, ${name} has ${total} - ${sold} = <<${total}-${sold}=${left}>>${left} ${item} left.\n#### ${left}`,
    };
  },
  (draw, pick) => {
    const name = pick(NAMES);
    const hours = draw(2, 9);
    const rate = draw(8, 35);
    const days = draw(2, 6);
    const bonus = draw(5, 60);
    const daily = hours * rate;
    const week = daily * days;
    const total = week + bonus;
    return {
      question: `${name} works ${hours} hours a day at a cafe and earns $${rate} an hour. This week ${name} worked ${days} days and was also paid a bonus of $${bonus}. How many dollars did ${name} earn this week?`,
      answer: `Each day ${name} earns ${hours} * ${rate} = $<<${hours}*${rate}=${daily}>>${daily}.\nOver ${days} days that is ${daily} * ${days} = $<<${daily}*${days}=${week}>>${week}.\nWith the bonus, ${name} earned ${week} + ${bonus} = $<<${week}+${bonus}=${total}>>${total}.\n#### ${total}`,
    };
  },
  (draw, pick) => {
    const name = pick(NAMES);
    const read = draw(5, 30);
    const days = draw(2, 9);
    // At least one page is left over, so the answer is never negative.
    const start = read * days + draw(1, 300);
    const done = read * days;
    const left = start - done;
    return {
      question: `A book has ${start} pages. ${name} reads ${read} pages every evening for ${days} evenings. How many pages are left for ${name} to read?`,
      answer: `${name} read ${read} * ${days} = <<${read}*${days}=${done}>>${done} pages.\nThere are ${start} - ${done} = <<${start}-${done}=${left}>>${left} pages left.\n#### ${left}`,
    };
  },
  (draw, pick) => {
    const [a, b] = [pick(NAMES), pick(NAMES)];
    const first = draw(10, 90);
    const times = draw(2, 5);
    const fewer = draw(1, first * times - 1);
    const second = first * times - fewer;
    const total = first + second;
    return {
      question: `${a} collected ${first} shells at the beach. ${b} collected ${fewer} fewer than ${times} times as many shells as ${a}. How many shells did they collect together?`,
      answer: `${times} times as many as ${a} is ${first} * ${times} = <<${first}*${times}=${first * times}>>${first * times} shells.\n${b} collected ${first * times} - ${fewer} = <<${first * times}-${fewer}=${second}>>${second} shells.\nTogether they collected ${first} + ${second} = <<${first}+${second}=${total}>>${total} shells.\n#### ${total}`,
    };
  },
  (draw, pick) => {
    const { item } = pick(GOODS);
    const rows = draw(3, 15);
    const perRow = draw(6, 30);
    const total = rows * perRow;
    const groups = draw(2, 6);
    const each = Math.floor(total / groups);
    const spare = total - each * groups;
    return {
      question: `A school stores ${item} in ${rows} rows of ${perRow}. The ${item} are shared equally among ${groups} classes, and whatever cannot be shared equally stays in the storeroom. How many ${item} stay in the storeroom?`,
      answer: `There are ${rows} * ${perRow} = <<${rows}*${perRow}=${total}>>${total} ${item}.\nEach class gets ${total} / ${groups} = ${each} with some left over, using ${each} * ${groups} = <<${each}*${groups}=${each * groups}>>${each * groups}.\nThe storeroom keeps ${total} - ${each * groups} = <<${total}-${each * groups}=${spare}>>${spare} ${item}.\n#### ${spare}`,
    };
  },
  (draw, pick) => {
    const name = pick(NAMES);
    const price = draw(3, 40);
    const count = draw(2, 12);
    const cost = price * count;
    const paid = (Math.floor(cost / 50) + 1) * 50;
    const change = paid - cost;
    return {
      question: `${name} buys ${count} tickets to a concert at $${price} each and pays with $${paid} in fifty-dollar notes. How much change does ${name} get back, in dollars?`,
      answer: `The tickets cost ${count} * ${price} = $<<${count}*${price}=${cost}>>${cost}.\nThe change is ${paid} - ${cost} = $<<${paid}-${cost}=${change}>>${change}.\n#### ${change}`,
    };
  },
];

/** `count` records, the same for the same seed; questions are made unique by a numbered opening sentence. */
export function syntheticGsm8k(count: number, seed: number): Gsm8kRecord[] {
  const rng = createRng(seed);
  const draw: Draw = (min, max) => randomInt(rng, min, max);
  const pick: Pick = (list) => list[randomInt(rng, 0, list.length - 1)]!;
  const records: Gsm8kRecord[] = [];
  for (let i = 0; i < count; i++) {
    const record = TEMPLATES[i % TEMPLATES.length]!(draw, pick);
    // The simulator finds an item by its exact question text, so no two may be alike.
    records.push({ question: `It is day ${i + 1} of the school year. ${record.question}`, answer: record.answer });
  }
  return records;
}

export async function writeSyntheticGsm8k(path: string, count: number, seed: number): Promise<void> {
  await writeFile(path, syntheticGsm8k(count, seed).map((r) => JSON.stringify(r)).join('\n') + '\n');
}
