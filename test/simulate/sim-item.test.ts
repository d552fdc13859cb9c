// Finding a prompt's item: GSM8K by exact text, CSQA by stem in either label case, and made-up items otherwise.
import { describe, expect, it } from 'vitest';
import { createItemIndex, inventItem, readChoices } from '../../src/simulate/sim-item.js';
import { csqaItems, gsm8kItems, shownQuestion } from './helpers.js';

const find = createItemIndex([...gsm8kItems, ...csqaItems]);

describe('createItemIndex', () => {
  it('finds every GSM8K fixture by its exact question', () => {
    for (const item of gsm8kItems) {
      const found = find(item.question);
      expect(found).toMatchObject({ id: item.id, kind: 'gsm8k', known: true, gold: item.gold });
      expect(found.wrong).not.toBe(item.gold);
      expect(Number(found.wrong)).not.toBe(Number(item.gold));
    }
  });

  it('finds every CSQA fixture by its stem, in the reference and the Wei format', () => {
    for (const item of csqaItems) {
      for (const format of ['reference', 'wei'] as const) {
        const found = find(shownQuestion(item, format));
        expect(found).toMatchObject({ id: item.id, kind: 'csqa', known: true, gold: item.gold });
        expect(['A', 'B', 'C', 'D', 'E']).toContain(found.wrong);
        expect(found.wrong).not.toBe(item.gold);
      }
    }
  });

  it('cites the first three numbers of a GSM8K question', () => {
    expect(find(gsm8kItems[1]!.question).numbers).toEqual(['23', '8', '6']);
    expect(find(gsm8kItems[3]!.question).numbers).toEqual(['1,200', '2', '3']);
  });

  it('keeps a wrong answer in the gold answer’s form', () => {
    const negative = find(gsm8kItems[4]!.question);
    expect(negative.gold).toBe('-4');
    expect(negative.wrong).toMatch(/^-?\d+$/);
  });

  it('makes up an item for a question it does not know, the same every time', () => {
    const a = find('How many legs do 3 spiders have?');
    expect(a).toMatchObject({ kind: 'gsm8k', known: false, numbers: ['3'] });
    expect(a.id).toMatch(/^unknown-[0-9a-f]{12}$/);
    expect(a.gold).toMatch(/^\d+$/);
    expect(find('How many legs do 3 spiders have?')).toEqual(a);
  });

  it('reads the choices of an unknown CSQA-style question', () => {
    const item = inventItem('Where do fish live? Answer Choices: (A) tree (B) sea (C) sky (D) oven (E) car');
    expect(item.kind).toBe('csqa');
    expect(item.choices.map((c) => c.text)).toEqual(['tree', 'sea', 'sky', 'oven', 'car']);
    expect(['A', 'B', 'C', 'D', 'E']).toContain(item.gold);
    expect(item.wrong).not.toBe(item.gold);
  });
});

describe('readChoices', () => {
  it.each([
    ['Answer Choices: (A) bank (B) new york', [{ label: 'A', text: 'bank' }, { label: 'B', text: 'new york' }]],
    ['Answer choices: (a) shirt pocket, (b) blotter.', [{ label: 'A', text: 'shirt pocket' }, { label: 'B', text: 'blotter' }]],
    ['no choices here', []],
  ])('%j', (text, choices) => {
    expect(readChoices(text)).toEqual(choices);
  });
});
