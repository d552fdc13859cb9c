// The shipped prompt files: pinned bytes, the one-letter fox correction, and a README that lists their true hashes.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/util/hash.js';

const PROMPTS = fileURLToPath(new URL('../../prompts/', import.meta.url));
const read = (file: string) => readFile(`${PROMPTS}${file}`, 'utf8');

const PINNED: Array<[string, string]> = [
  // Byte-identical to the GKT reference code's exemplars (shared prompts-reference gkt-gsm8k.txt / gkt-csqa.txt).
  ['gsm8k.reference.txt', '3d55795c084e26f6ebb6925833999a44f75c4280eb7ab4d66f9bb940244e4847'],
  ['csqa.reference.txt', '4076b479784e6bc5bd7b79e89e9f480d6c8180ececdfc567dce50de654b33fab'],
  ['gsm8k.wei.txt', '3d55795c084e26f6ebb6925833999a44f75c4280eb7ab4d66f9bb940244e4847'],
  ['csqa.wei.txt', '9776387b5548e033dd705e919fd1df55f2e1159481484f8862a1604d7acf422c'],
  ['csqa.reference-fox-corrected.txt', 'a9955385c3eed87de8520696fc9e1cc9d38e6ccb1bae40bf9e90ace8a46e5c65'],
];

describe('prompt files', () => {
  it.each(PINNED)('%s has sha256 %s', async (file, hash) => {
    expect(sha256(await read(file))).toBe(hash);
  });

  it('the README lists each file with its sha256', async () => {
    const readme = await read('README.md');
    for (const [file, hash] of PINNED) expect(readme).toMatch(new RegExp(`${hash}\\s+${file.replaceAll('.', '\\.')}`));
  });

  it('the fox-corrected variant changes only the fox answer, from B to C', async () => {
    const reference = (await read('csqa.reference.txt')).split('\n');
    const corrected = (await read('csqa.reference-fox-corrected.txt')).split('\n');
    const changed = reference.flatMap((line, i) => (line === corrected[i] ? [] : [[line, corrected[i]]]));
    expect(corrected).toHaveLength(reference.length);
    expect(changed).toEqual([
      [
        'A: The answer must be something in the forest. Of the above choices, only natural habitat is in the forest. The answer is B.',
        'A: The answer must be something in the forest. Of the above choices, only natural habitat is in the forest. The answer is C.',
      ],
    ]);
  });

  it('the Wei CSQA file uses lower-case labels, spaces between choices, and "So the answer is (x)."', async () => {
    const text = await read('csqa.wei.txt');
    expect(text.startsWith('Q: What do people use to absorb extra ink from a fountain pen? Answer Choices: (a) shirt pocket (b) calligrapher’s hand (c) inkwell (d) desk drawer (e) blotter\n')).toBe(true);
    expect(text.match(/So the answer is \([a-e]\)\.\n\n/g)).toHaveLength(7);
    expect(text).not.toMatch(/\([A-E]\)/);
  });
});
