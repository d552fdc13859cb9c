// A dataset file read as a stream: the same items as a whole read, every line still checked, texts read back by reference.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/datasets/load.js';
import { ItemReader, scanDataset } from '../../src/datasets/scan.js';
import type { DatasetName } from '../../src/vocabulary.js';
import { ROOT } from '../helpers/cli.js';

const FIXTURES: Array<[DatasetName, string]> = [
  ['gsm8k', join(ROOT, 'datasets', 'fixtures', 'gsm8k-mini.jsonl')],
  ['csqa', join(ROOT, 'datasets', 'fixtures', 'csqa-mini.jsonl')],
  ['gsm8k', join(ROOT, 'test', 'fixtures', 'datasets', 'gsm8k-crlf.jsonl')],
  ['gsm8k', join(ROOT, 'test', 'fixtures', 'bad', 'dataset', 'gsm8k-bom.jsonl')],
];

describe('scanDataset', () => {
  it.each(FIXTURES)('finds the items and sha256 a whole read finds (%s, %s), and reads each back', async (name, path) => {
    const whole = await loadDataset(name, path);
    const scanned = await scanDataset(name, path);
    expect(scanned.sha256).toBe(whole.sha256);
    expect([...scanned.refs].map((r) => [r.id, r.index])).toEqual(whole.items.map((i) => [i.id, i.index]));
    const reader = new ItemReader(name, path);
    for (const [i, ref] of [...[...scanned.refs].entries()].reverse()) expect(await reader.read(ref)).toEqual(whole.items[i]);
    await reader.close();
  });

  it('takes a last line without its newline as a whole line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gkt-scan-'));
    const path = join(dir, 'gsm8k.jsonl');
    await writeFile(path, (await readFile(FIXTURES[0]![1], 'utf8')).trimEnd());
    expect((await scanDataset('gsm8k', path)).refs).toHaveLength(8);
  });

  it('refuses what a whole read refuses, with the same message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gkt-scan-'));
    const good = (await readFile(FIXTURES[1]![1], 'utf8')).split('\n')[0]!;
    const cases: Array<[string, string]> = [
      ['duplicate', `${good}\n{"x":1}\n`.replace('{"x":1}', good)],
      ['bad-json', `${good}\n{oops\n`],
      ['empty', '\n\n'],
    ];
    for (const [name, text] of cases) {
      const path = join(dir, `${name}.jsonl`);
      await writeFile(path, text);
      const whole = await loadDataset('csqa', path).catch((error: Error) => error.message);
      await expect(scanDataset('csqa', path)).rejects.toThrow(whole as string);
    }
    await expect(scanDataset('gsm8k', join(dir, 'missing.jsonl'))).rejects.toThrow(/cannot read the gsm8k dataset \(ENOENT\)/);
  });

  it('notices a dataset file changed under a run reading it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gkt-scan-'));
    const path = join(dir, 'gsm8k.jsonl');
    const text = await readFile(FIXTURES[0]![1], 'utf8');
    await writeFile(path, text);
    const { refs } = await scanDataset('gsm8k', path);
    await writeFile(path, text.split('\n').slice(1).join('\n'));
    const reader = new ItemReader('gsm8k', path);
    await expect(reader.read(refs.ref(3))).rejects.toThrow(/changed while the run was reading it/);
    await reader.close();
  });
});
