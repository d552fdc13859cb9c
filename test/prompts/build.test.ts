// Prompt building, compared with whole strings written out by hand, so a wrong space or newline fails.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDataset } from '../../src/datasets/load.js';
import type { Item } from '../../src/datasets/types.js';
import { PROJECTION_INSTRUCTIONS, answerPrefix, buildPrompt, renderQuestion } from '../../src/prompts/build.js';
import { loadPromptTemplate, type PromptTemplate } from '../../src/prompts/template.js';

const PROMPTS = fileURLToPath(new URL('../../prompts/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../datasets/fixtures/', import.meta.url));

const GSM8K_SHOT =
  'Q: There are 15 trees in the grove. Grove workers will plant trees in the grove today. After they are done, there will be 21 trees. How many trees did the grove workers plant today?\n' +
  'A: There are 15 trees originally. Then there were 21 trees after some more were planted. So there must have been 21 - 15 = 6. The answer is 6.\n' +
  '\n';
const CSQA_REFERENCE_SHOT =
  'Q: What do people use to absorb extra ink from a fountain pen? Answer choices: (A) shirt pocket, (B) calligrapher’s hand, (C) inkwell, (D) desk drawer, (E) blotter.\n' +
  'A: The answer must be an item that can absorb ink. Of the above choices, only blotters are used to absorb ink. The answer is E.\n' +
  '\n';
const CSQA_WEI_SHOT =
  'Q: What do people use to absorb extra ink from a fountain pen? Answer Choices: (a) shirt pocket (b) calligrapher’s hand (c) inkwell (d) desk drawer (e) blotter\n' +
  'A: The answer must be an item that can absorb ink. Of the above choices, only blotters are used to absorb ink. So the answer is (e).\n' +
  '\n';

const GSM8K_QUESTION = 'Marco reads 15 pages a day.  How many days does he need to finish a 180-page book?';
const CSQA_REFERENCE_QUESTION =
  'If you want to see stars clearly, where should you go? Answer Choices: (A) shopping mall (B) countryside  (C) subway (D) kitchen (E) elevator';
const CSQA_WEI_QUESTION =
  'If you want to see stars clearly, where should you go? Answer Choices: (a) shopping mall (b) countryside  (c) subway (d) kitchen (e) elevator';

let gsm8k: Item[];
let csqa: Item[];
const templates: Record<string, PromptTemplate> = {};

beforeAll(async () => {
  gsm8k = parseDataset('gsm8k', 'gsm8k-mini', await readFile(`${FIXTURES}gsm8k-mini.jsonl`, 'utf8'));
  csqa = parseDataset('csqa', 'csqa-mini', await readFile(`${FIXTURES}csqa-mini.jsonl`, 'utf8'));
  for (const dataset of ['gsm8k', 'csqa'] as const) {
    for (const format of ['reference', 'wei'] as const) {
      templates[`${dataset}.${format}`] = await loadPromptTemplate(dataset, format, 1, PROMPTS);
    }
  }
});

describe('renderQuestion', () => {
  it('shows a GSM8K question as is', () => {
    expect(renderQuestion(gsm8k[4]!, 'reference')).toBe(GSM8K_QUESTION);
    expect(renderQuestion(gsm8k[4]!, 'wei')).toBe(GSM8K_QUESTION);
  });

  it('shows CSQA choices with capital labels (reference) or lower-case labels (Wei), texts untrimmed', () => {
    expect(renderQuestion(csqa[5]!, 'reference')).toBe(CSQA_REFERENCE_QUESTION);
    expect(renderQuestion(csqa[5]!, 'wei')).toBe(CSQA_WEI_QUESTION);
  });

  it('shows the stripped CSQA stem', () => {
    expect(renderQuestion(csqa[2]!, 'reference')).toBe(
      'What do you use to cut paper into shapes? Answer Choices: (A) spoon (B) pillow (C) scissors (D) blanket (E) sponge',
    );
  });
});

describe('buildPrompt, reference format', () => {
  it.each([
    ['GSM8K, teacher or single model', 'gsm8k', {}, `${GSM8K_SHOT} Q: ${GSM8K_QUESTION}\nA: `],
    [
      'GSM8K, concise teacher',
      'gsm8k',
      { instruction: 'Provide the answer in a brief manner: ' },
      `Provide the answer in a brief manner: ${GSM8K_SHOT} Q: ${GSM8K_QUESTION}\nA: `,
    ],
    ['GSM8K, student', 'gsm8k', { guidance: 'He reads 15 pages' }, `${GSM8K_SHOT} Q: ${GSM8K_QUESTION}\nA: He reads 15 pages`],
    ['CSQA, teacher or single model', 'csqa', {}, `${CSQA_REFERENCE_SHOT} Q: ${CSQA_REFERENCE_QUESTION}\nA: `],
    [
      'CSQA, hint teacher',
      'csqa',
      { instruction: 'Provide a brief hint for the question: ' },
      `Provide a brief hint for the question: ${CSQA_REFERENCE_SHOT} Q: ${CSQA_REFERENCE_QUESTION}\nA: `,
    ],
    ['CSQA, student', 'csqa', { guidance: 'The answer must be dark.' }, `${CSQA_REFERENCE_SHOT} Q: ${CSQA_REFERENCE_QUESTION}\nA: The answer must be dark.`],
  ] as const)('%s', (_, dataset, parts, expected) => {
    const item = dataset === 'gsm8k' ? gsm8k[4]! : csqa[5]!;
    expect(buildPrompt(templates[`${dataset}.reference`]!, renderQuestion(item, 'reference'), parts)).toBe(expected);
  });

  it('spells the whole GSM8K prompt out', () => {
    expect(buildPrompt(templates['gsm8k.reference']!, GSM8K_QUESTION, { instruction: 'Provide the answer in a brief manner: ' })).toBe(
      'Provide the answer in a brief manner: Q: There are 15 trees in the grove. Grove workers will plant trees in the grove today. After they are done, there will be 21 trees. How many trees did the grove workers plant today?\n' +
        'A: There are 15 trees originally. Then there were 21 trees after some more were planted. So there must have been 21 - 15 = 6. The answer is 6.\n' +
        '\n' +
        ' Q: Marco reads 15 pages a day.  How many days does he need to finish a 180-page book?\n' +
        'A: ',
    );
  });
});

describe('buildPrompt, Wei format', () => {
  it.each([
    ['GSM8K, teacher or single model', 'gsm8k', {}, `${GSM8K_SHOT}Q: ${GSM8K_QUESTION}\nA:`],
    [
      'GSM8K, concise teacher',
      'gsm8k',
      { instruction: 'Provide the answer in a brief manner: ' },
      `Provide the answer in a brief manner: ${GSM8K_SHOT}Q: ${GSM8K_QUESTION}\nA:`,
    ],
    ['GSM8K, student', 'gsm8k', { guidance: 'He reads 15 pages' }, `${GSM8K_SHOT}Q: ${GSM8K_QUESTION}\nA: He reads 15 pages`],
    ['CSQA, teacher or single model', 'csqa', {}, `${CSQA_WEI_SHOT}Q: ${CSQA_WEI_QUESTION}\nA:`],
    ['CSQA, student', 'csqa', { guidance: 'The answer must be dark.' }, `${CSQA_WEI_SHOT}Q: ${CSQA_WEI_QUESTION}\nA: The answer must be dark.`],
  ] as const)('%s', (_, dataset, parts, expected) => {
    const item = dataset === 'gsm8k' ? gsm8k[4]! : csqa[5]!;
    expect(buildPrompt(templates[`${dataset}.wei`]!, renderQuestion(item, 'wei'), parts)).toBe(expected);
  });

  it('spells the whole CSQA prompt out', () => {
    expect(buildPrompt(templates['csqa.wei']!, CSQA_WEI_QUESTION, {})).toBe(
      'Q: What do people use to absorb extra ink from a fountain pen? Answer Choices: (a) shirt pocket (b) calligrapher’s hand (c) inkwell (d) desk drawer (e) blotter\n' +
        'A: The answer must be an item that can absorb ink. Of the above choices, only blotters are used to absorb ink. So the answer is (e).\n' +
        '\n' +
        'Q: If you want to see stars clearly, where should you go? Answer Choices: (a) shopping mall (b) countryside  (c) subway (d) kitchen (e) elevator\n' +
        'A:',
    );
  });
});

describe('zero shots', () => {
  it('keeps the reference code\'s space before "Q:" even with no exemplars', async () => {
    const template = await loadPromptTemplate('gsm8k', 'reference', 0, PROMPTS);
    expect(buildPrompt(template, 'Why?', {})).toBe(' Q: Why?\nA: ');
    expect(buildPrompt({ ...template, format: 'wei' }, 'Why?', {})).toBe('Q: Why?\nA:');
  });
});

describe('answerPrefix', () => {
  it.each([
    ['gsm8k.reference', `${GSM8K_SHOT} Q: ${GSM8K_QUESTION}\nA: `],
    ['gsm8k.wei', `${GSM8K_SHOT}Q: ${GSM8K_QUESTION}\nA: `],
  ])('%s ends with "A: "', (key, expected) => {
    expect(answerPrefix(templates[key]!, GSM8K_QUESTION)).toBe(expected);
  });

  it('is the student prompt without its guidance, and never carries the instruction', () => {
    for (const key of ['gsm8k.reference', 'gsm8k.wei', 'csqa.reference', 'csqa.wei']) {
      const template = templates[key]!;
      const prefix = answerPrefix(template, 'Q?');
      expect(buildPrompt(template, 'Q?', { guidance: 'So' })).toBe(`${prefix}So`);
      expect(buildPrompt(template, 'Q?', { instruction: PROJECTION_INSTRUCTIONS.hint })).toBe(
        `${PROJECTION_INSTRUCTIONS.hint}${template.format === 'wei' ? prefix.slice(0, -1) : prefix}`,
      );
    }
  });
});

describe('PROJECTION_INSTRUCTIONS', () => {
  it('are the reference code\'s, with their trailing space', () => {
    expect(PROJECTION_INSTRUCTIONS).toEqual({
      cutoff: '',
      concise: 'Provide the answer in a brief manner: ',
      hint: 'Provide a brief hint for the question: ',
    });
  });
});
