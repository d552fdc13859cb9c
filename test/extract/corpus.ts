// A generated corpus of completions for checking extraction: every answer form crossed with rationales, invented next questions and real prompts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/package-info.js';
import type { OracleDataset } from './oracle.js';

export type CorpusFormat = 'reference' | 'wei';

export interface CorpusCase {
  label: string;
  dataset: OracleDataset;
  format: CorpusFormat;
  shots: number;
  /** Everything before the model's answer, as a run passes it to extraction (ends with `A: `). */
  prompt: string;
  /** The model's answer: guidance followed by the student's continuation. */
  answer: string;
  gold: string;
}

/** Hand-written questions (not from either dataset); one quotes the trigger phrase, as a question may. */
const GSM8K_QUESTIONS = [
  'Mia has $1,250 in savings and spends $375.50 on a bike. How much money does she have left?',
  'A baker made 24 muffins and sold 3/4 of them. How many muffins are left?',
  'A train goes 5 km every 10 minutes. How far does it go in 2 hours?',
  'Sam tells Jo the answer is in the box. The box holds 4 red and 9 blue marbles. How many marbles are in the box?',
  'The temperature was 4 degrees and fell by 7 degrees. What is the temperature now?',
];

const GSM8K_RATIONALES = [
  '',
  'Mia starts with 1,250 dollars. She spends 375.50, so 1,250 - 375.50 = 874.50.',
  'There are 24 muffins. 3/4 of 24 is 18, so 24 - 18 = 6 are left.',
  'In 2 hours there are 120 minutes, which is 12 groups of 10 minutes. 12 x 5 = 60 km.',
  '4 - 7 = -3, so it is -3 degrees.',
  'She needs 1e3 grams, which is 1 kg.',
  'Let me think.\n2 + 2 = 4\n4 * 3 = 12',
];

const GSM8K_FINALS = [
  'The answer is 18.',
  'The answer is $1,234.50.',
  'the answer is 42.',
  'The answer is: 42',
  'The answer is 3/4.',
  'The answer is 18 dollars.',
  'The answer is 5 km.',
  'The answer is 1e3.',
  'The answer is -3.',
  'The answer is \u22123 degrees.',
  'The answer is 2.5',
  'The answer is 1,000,000 and some change.',
  'THE ANSWER IS 7',
  'So the answer is **12**.',
  'The answer is twelve.',
  'The answer is not 5, it is 7.',
  'The answer is 12. The answer is 13.',
  'The answer is 12\nThe answer is 15',
  'The answer is \u0664\u0662.',
  'The answer is 007.',
  'The answer is 1 000.',
  'The answer is 6/0.',
  'The answer is $ 40.',
  'The answer is 2e-1 dollars.',
  'The answer is .5 of a pie.',
  'The answer is 5-3.',
  'Answer: 18',
  'The answer is 1,2345.',
  'The answer is 3 1/2 cups.',
  'The answer is -$5, a loss.',
  'The answer is $-5.',
  'the answer\nis 9',
  "The answer isn't 5. The answer is 6.",
  'The answer is 25%.',
  'The answer is 12:30.',
  'The answer is 5eggs.',
  '',
];

const CSQA_QUESTIONS = [
  { stem: 'Where would you keep money?', choices: ['pocket', 'bank', 'drawer', 'shoe', 'sock'] },
  { stem: 'What do you need to bake a cake?', choices: ['oven', 'fridge', 'sink', 'bed', 'car'] },
];

const CSQA_RATIONALES = [
  '',
  'The answer must be a place to keep money safely. Of the above choices, a bank is safest.',
  'Money is kept in a bank (B), not in a shoe (D).',
  "Let's see: (a) pocket, (b) bank, (c) drawer.",
];

const CSQA_FINALS = [
  'The answer is B.',
  'The answer is (B).',
  'The answer is (b).',
  'The answer is B',
  'The answer is b.',
  'The answer is b\nsince banks keep money.',
  'The answer is a bank.',
  'The answer is A bank.',
  'The answer is a',
  'So the answer is (c).',
  'The answer is: C',
  'The answer is B because banks are safe.',
  'The answer is B (bank).',
  'THE ANSWER IS D.',
  'The answer is E!',
  'the answer is (e)',
  'The answer is Bank.',
  'The answer is F.',
  'The answer is **C**.',
  'The answer is a bank. The answer is (B).',
  'The answer is e.g. a bank.',
  'The answer is B. The answer is C.',
  'The answer is (F).',
  'The answer is C) drawer.',
  'The answer is c',
  'The answer is: (D) shoe',
  'The answer is\nD',
  'The answer is b, the bank.',
  '',
];

/** What a model writes after its answer: nothing, chatter, or an invented next question (with or without its answer). */
const TRAILERS = {
  gsm8k: [
    '',
    '\n\n',
    ' That is all.',
    '\nQ: A farmer has 7 cows and buys 5 more. How many cows does he have?\nA: 7 + 5 = 12. The answer is 12.',
    '\n\n Q: Tim has 3 dogs. How many legs do they have?\nA: 3 * 4 = 12. The answer is 12.\n\n',
    '\n\nQ: Ann reads 9 pages a day for 1,000 days. How many pages does she read?',
    '\n\tQ: Bo has 2 hats.',
  ],
  csqa: [
    '',
    '\n\n',
    ' That is all.',
    '\nQ: Where do fish live? Answer Choices: (A) tree (B) sea (C) sky (D) desk (E) car\nA: Fish live in water. The answer is B.',
    '\n\n Q: What is hot? Answer Choices: (A) ice (B) snow (C) fire (D) rain (E) fog\nA: The answer is C.\n\n',
    '\n\nQ: Where is a book kept? Answer Choices: (a) shelf (b) oven (c) sink (d) pool (e) road',
  ],
};

const GOLDS = { gsm8k: ['18', '42', '-3', '12', '7', '1000', '0', '1,234'], csqa: ['A', 'B', 'C', 'D', 'E'] };

const SHOTS = { gsm8k: [8, 4, 1, 0], csqa: [7, 3, 0] };
const FORMATS: CorpusFormat[] = ['reference', 'wei'];

function exemplarBlocks(dataset: OracleDataset, format: CorpusFormat): string[] {
  const text = readFileSync(join(packageRoot, 'prompts', `${dataset}.${format}.txt`), 'utf8');
  return text.split(/(?<=\n\n)/).filter((block) => block.trim() !== '');
}

/** PROTOCOL's prompt up to the answer: reference `{exemplars} Q: {q}\nA: `, Wei `{exemplars}Q: {q}\nA: `. */
export function promptFor(dataset: OracleDataset, format: CorpusFormat, shots: number, question: string): string {
  const exemplars = exemplarBlocks(dataset, format).slice(0, shots).join('');
  return `${exemplars}${format === 'reference' ? ' ' : ''}Q: ${question}\nA: `;
}

function csqaQuestion(index: number, format: CorpusFormat): string {
  const { stem, choices } = CSQA_QUESTIONS[index % CSQA_QUESTIONS.length]!;
  const labels = format === 'wei' ? 'abcde' : 'ABCDE';
  return `${stem} Answer Choices:${choices.map((text, i) => ` (${labels[i]}) ${text}`).join('')}`;
}

/**
 * Every final answer form with every rationale and every trailer; the prompt format, the number of
 * shots, the question and the gold rotate with the case number so that each appears with each form.
 */
export function buildCorpus(dataset: OracleDataset): CorpusCase[] {
  const rationales = dataset === 'gsm8k' ? GSM8K_RATIONALES : CSQA_RATIONALES;
  const finals = dataset === 'gsm8k' ? GSM8K_FINALS : CSQA_FINALS;
  const cases: CorpusCase[] = [];
  finals.forEach((final, f) => {
    rationales.forEach((rationale, r) => {
      TRAILERS[dataset].forEach((trailer, t) => {
        const n = cases.length;
        const format = FORMATS[n % FORMATS.length]!;
        const shots = SHOTS[dataset][(f + r + t) % SHOTS[dataset].length]!;
        const question = dataset === 'gsm8k' ? GSM8K_QUESTIONS[n % GSM8K_QUESTIONS.length]! : csqaQuestion(n, format);
        const answer = [rationale, final].filter((part) => part !== '').join(' ') + trailer;
        if (answer === '') return;
        cases.push({
          label: `${dataset} #${n} (${format}, ${shots} shots, final ${f}, rationale ${r}, trailer ${t})`,
          dataset,
          format,
          shots,
          prompt: promptFor(dataset, format, shots, question),
          answer,
          gold: GOLDS[dataset][n % GOLDS[dataset].length]!,
        });
      });
    });
  });
  return cases;
}
