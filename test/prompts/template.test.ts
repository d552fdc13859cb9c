// Prompt templates: the first k exemplars of the named file, hashed; bad requests name the file.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitExemplars } from '../../src/prompts/exemplars.js';
import { DEFAULT_SHOTS, loadPromptTemplate, promptFileName } from '../../src/prompts/template.js';
import { UsageError } from '../../src/util/errors.js';
import { sha256 } from '../../src/util/hash.js';

const PROMPTS = fileURLToPath(new URL('../../prompts/', import.meta.url));

describe('loadPromptTemplate', () => {
  it('uses the paper\'s exemplar counts by default', () => {
    expect(DEFAULT_SHOTS).toEqual({ gsm8k: 8, csqa: 7 });
  });

  it.each([
    ['gsm8k', 'reference', 8],
    ['gsm8k', 'wei', 8],
    ['csqa', 'reference', 7],
    ['csqa', 'wei', 7],
  ] as const)('%s %s: every k from 0 to %i takes the first k blocks', async (dataset, format, count) => {
    const path = join(PROMPTS, `${dataset}.${format}.txt`);
    const text = await readFile(path, 'utf8');
    const blocks = splitExemplars(text, path);
    for (let k = 0; k <= count; k++) {
      const template = await loadPromptTemplate(dataset, format, k, PROMPTS);
      expect(template).toEqual({ dataset, format, shots: k, exemplars: blocks.slice(0, k).join(''), sha256: sha256(template.exemplars), path });
      expect(text.startsWith(template.exemplars)).toBe(true);
    }
    expect((await loadPromptTemplate(dataset, format, count, PROMPTS)).exemplars).toBe(text);
  });

  it('pins the full-prompt hashes that manifests record', async () => {
    expect((await loadPromptTemplate('gsm8k', 'reference', 8, PROMPTS)).sha256).toBe('3d55795c084e26f6ebb6925833999a44f75c4280eb7ab4d66f9bb940244e4847');
    expect((await loadPromptTemplate('csqa', 'reference', 7, PROMPTS)).sha256).toBe('4076b479784e6bc5bd7b79e89e9f480d6c8180ececdfc567dce50de654b33fab');
  });

  it('takes two shots as the first two exemplars', async () => {
    const template = await loadPromptTemplate('gsm8k', 'reference', 2, PROMPTS);
    expect(template.exemplars).toBe(
      'Q: There are 15 trees in the grove. Grove workers will plant trees in the grove today. After they are done, there will be 21 trees. How many trees did the grove workers plant today?\n' +
        'A: There are 15 trees originally. Then there were 21 trees after some more were planted. So there must have been 21 - 15 = 6. The answer is 6.\n' +
        '\n' +
        'Q: If there are 3 cars in the parking lot and 2 more cars arrive, how many cars are in the parking lot?\n' +
        'A: There are originally 3 cars. 2 more cars arrive. 3 + 2 = 5. The answer is 5.\n' +
        '\n',
    );
  });

  it('loads a named variant from its own file', async () => {
    const template = await loadPromptTemplate('csqa', 'reference', 3, PROMPTS, 'fox-corrected');
    expect(template.path).toBe(join(PROMPTS, 'csqa.reference-fox-corrected.txt'));
    expect(template.exemplars.endsWith('only natural habitat is in the forest. The answer is C.\n\n')).toBe(true);
    const faithful = await loadPromptTemplate('csqa', 'reference', 3, PROMPTS);
    expect(faithful.exemplars.endsWith('only natural habitat is in the forest. The answer is B.\n\n')).toBe(true);
    expect(template.sha256).not.toBe(faithful.sha256);
  });

  it.each([
    ['gsm8k', 'reference', undefined, 'gsm8k.reference.txt'],
    ['csqa', 'wei', undefined, 'csqa.wei.txt'],
    ['csqa', 'reference', 'fox-corrected', 'csqa.reference-fox-corrected.txt'],
  ] as const)('names the file %s %s %s → %s', (dataset, format, variant, file) => {
    expect(promptFileName(dataset, format, variant)).toBe(file);
  });

  it('refuses more shots than the file has, naming the file', async () => {
    const path = join(PROMPTS, 'csqa.reference.txt');
    await expect(loadPromptTemplate('csqa', 'reference', 8, PROMPTS)).rejects.toThrow(
      new UsageError(`${path}: 8 shots asked for, but the file has 7 exemplars`),
    );
  });

  it('refuses a negative shot count', async () => {
    const path = join(PROMPTS, 'gsm8k.reference.txt');
    await expect(loadPromptTemplate('gsm8k', 'reference', -1, PROMPTS)).rejects.toThrow(
      new UsageError(`${path}: shots is -1, not a whole number, 0 or more`),
    );
  });

  it('refuses a variant that is not a plain name', async () => {
    await expect(loadPromptTemplate('csqa', 'reference', 7, PROMPTS, '../x')).rejects.toThrow(
      new UsageError('prompt variant "../x" is not a kebab-case name (e.g. "fox-corrected")'),
    );
  });

  it('refuses a missing file', async () => {
    const path = join(PROMPTS, 'gsm8k.reference-nope.txt');
    await expect(loadPromptTemplate('gsm8k', 'reference', 8, PROMPTS, 'nope')).rejects.toThrow(
      new UsageError(`${path}: cannot read the prompt file (ENOENT)`),
    );
  });

  describe('a bad prompt file in a folder of its own', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'gkt-prompts-'));
      await writeFile(join(dir, 'gsm8k.reference.txt'), 'Q: a\nA: The answer is 1.\n\nQ: b\nA: two\n\n');
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('is refused with the file and block named, even when fewer shots would avoid the bad block', async () => {
      await expect(loadPromptTemplate('gsm8k', 'reference', 1, dir)).rejects.toThrow(
        new UsageError(`${join(dir, 'gsm8k.reference.txt')}:4: block 2 has no "The answer is"`),
      );
    });
  });
});
