// Splitting prompt files into exemplar blocks: lossless, and strict about what a block must hold.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { splitExemplars } from '../../src/prompts/exemplars.js';
import { UsageError } from '../../src/util/errors.js';

const PROMPTS = fileURLToPath(new URL('../../prompts/', import.meta.url));

describe('splitExemplars', () => {
  it.each([
    ['gsm8k.reference.txt', 8],
    ['gsm8k.wei.txt', 8],
    ['csqa.reference.txt', 7],
    ['csqa.wei.txt', 7],
    ['csqa.reference-fox-corrected.txt', 7],
  ])('%s splits into %i blocks that join back to the file', async (file, count) => {
    const text = await readFile(`${PROMPTS}${file}`, 'utf8');
    const blocks = splitExemplars(text, file);
    expect(blocks).toHaveLength(count);
    expect(blocks.join('')).toBe(text);
    for (const block of blocks) {
      expect(block.startsWith('Q: ')).toBe(true);
      expect(block.endsWith('.\n\n')).toBe(true);
    }
  });

  it('keeps the exact text of each block, two spaces and all', async () => {
    const blocks = splitExemplars(await readFile(`${PROMPTS}csqa.reference.txt`, 'utf8'), 'csqa.reference.txt');
    expect(blocks[3]).toBe(
      'Q: Sammy wanted to go to where the people were. Where might he go? Answer choices: (A) populated areas, (B) race track, (C) desert, (D) apartment, (E) roadblock.\n' +
        'A: The answer must be a place with a lot of people. Of the above choices, only populated areas have a lot of people.  The answer is A.\n' +
        '\n',
    );
  });

  it.each([
    ['two lines per question', 'Q: a\nb\nA: c The answer is 1.\n\nQ: d\nA: e The answer is 2.\n\n', ['Q: a\nb\nA: c The answer is 1.\n\n', 'Q: d\nA: e The answer is 2.\n\n']],
    ['CRLF line endings', 'Q: a\r\nA: The answer is 1.\r\n\r\nQ: b\r\nA: The answer is 2.\r\n\r\n', ['Q: a\r\nA: The answer is 1.\r\n\r\n', 'Q: b\r\nA: The answer is 2.\r\n\r\n']],
    ['"So the answer is" in any case', 'Q: a\nA: SO THE ANSWER IS (b).\n\n', ['Q: a\nA: SO THE ANSWER IS (b).\n\n']],
    ['a "Q:" inside a line is not a new block', 'Q: a Q: b\nA: The answer is 1.\n\n', ['Q: a Q: b\nA: The answer is 1.\n\n']],
  ])('splits %s', (_, text, blocks) => {
    expect(splitExemplars(text, 'p.txt')).toEqual(blocks);
  });

  it.each([
    ['an empty file', '', 'p.txt: no "Q:" exemplar blocks'],
    ['a file without "Q:"', 'Question: a\nAnswer: The answer is 1.\n\n', 'p.txt: no "Q:" exemplar blocks'],
    ['text before the first "Q:"', 'Answer these.\n\nQ: a\nA: The answer is 1.\n\n', 'p.txt:1: block 1 does not start with "Q:"'],
    ['a block without "A:"', 'Q: a\nA: The answer is 1.\n\nQ: b\nThe answer is 2.\n\n', 'p.txt:4: block 2 has no "A:" line'],
    ['"A:" not at a line start', 'Q: a A: The answer is 1.\n\n', 'p.txt:1: block 1 has no "A:" line'],
    ['a block without "The answer is"', 'Q: a\nA: The answer is 1.\n\nQ: b\nA: 2.\n\nQ: c\nA: The answer is 3.\n\n', 'p.txt:4: block 2 has no "The answer is"'],
    ['a last block without its blank line', 'Q: a\nA: The answer is 1.\n\nQ: b\nA: The answer is 2.\n', 'p.txt:4: block 2 does not end with a blank line'],
  ])('refuses %s', (_, text, message) => {
    expect(() => splitExemplars(text, 'p.txt')).toThrow(new UsageError(message));
  });
});
