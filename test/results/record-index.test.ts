// The index beside a record file: trusted only while it describes the file as it is, whatever changed it.
import { appendFile, mkdtemp, readFile, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileStamp } from '../../src/results/file-stamp.js';
import { currentIndex, readIndex, writeIndex } from '../../src/results/record-index.js';
import { CELL_ID, cellHeader, itemLine, line } from './lines.js';

async function indexed(): Promise<{ path: string; indexPath: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'gkt-index-'));
  const path = join(dir, `${CELL_ID}.jsonl`);
  const indexPath = join(dir, `${CELL_ID}.index`);
  await writeFile(path, line(cellHeader()) + line(itemLine('gsm8k-0')) + line(itemLine('gsm8k-1', { error: 'student' })));
  await currentIndex('cell', CELL_ID, path, indexPath, true);
  return { path, indexPath };
}

const fresh = async ({ path, indexPath }: { path: string; indexPath: string }) => readIndex(indexPath, 'cell', CELL_ID, (await fileStamp(path))!);

describe('readIndex', () => {
  it('is current for the file it was written for', async () => {
    const index = await fresh(await indexed());
    expect(Object.fromEntries([...index!.entries].map(([item, e]) => [item, e.error]))).toEqual({ 'gsm8k-0': null, 'gsm8k-1': 'student' });
  });

  it.each([
    ['a record appended', async (p: string) => appendFile(p, line(itemLine('gsm8k-2')))],
    ['the file cut', async (p: string) => truncate(p, 10)],
    ['an edit that keeps the size and puts the times back', async (p: string) => {
      const text = await readFile(p, 'utf8');
      const before = await fileStamp(p);
      await writeFile(p, text.replace('"error":{"kind":"timeout"', '"error":{"kind":"tim3out"'));
      await utimes(p, Number(before!.mtimeNs) / 1e9, Number(before!.mtimeNs) / 1e9);
    }],
    ['the file replaced by a copy of itself', async (p: string) => {
      const text = await readFile(p);
      await writeFile(`${p}.copy`, text);
      await import('node:fs/promises').then((fs) => fs.rename(`${p}.copy`, p));
    }],
  ])('is stale after %s', async (_what, change) => {
    const paths = await indexed();
    await change(paths.path);
    expect(await fresh(paths)).toBeNull();
  });

  it.each([
    ['an entry changed by hand', (text: string) => text.replace('"student"]', 'null]')],
    ['an entry removed', (text: string) => text.split('\n').slice(0, 2).join('\n') + '\n'],
    ['torn', (text: string) => text.slice(0, -5)],
    ['not JSON', () => 'index\n'],
  ])('is not trusted when %s', async (_what, edit) => {
    const paths = await indexed();
    await writeFile(paths.indexPath, edit(await readFile(paths.indexPath, 'utf8')));
    expect(await fresh(paths)).toBeNull();
  });

  it('belongs to one file: another cell\'s index is not taken', async () => {
    const paths = await indexed();
    expect(await readIndex(paths.indexPath, 'cell', 'c-000000000002', (await fileStamp(paths.path))!)).toBeNull();
  });
});

describe('currentIndex', () => {
  it('rebuilds a stale index from the records, and keeps it for next time', async () => {
    const paths = await indexed();
    await appendFile(paths.path, line(itemLine('gsm8k-2')));
    const index = await currentIndex('cell', CELL_ID, paths.path, paths.indexPath, true);
    expect([...index.entries.keys()]).toEqual(['gsm8k-0', 'gsm8k-1', 'gsm8k-2']);
    expect((await fresh(paths))?.entries.size).toBe(3);
  });

  it('does not keep an index of a file that needs mending first (a torn tail)', async () => {
    const paths = await indexed();
    await appendFile(paths.path, '{"type":"item"');
    await writeFile(paths.indexPath, '');
    expect((await currentIndex('cell', CELL_ID, paths.path, paths.indexPath, true)).entries.size).toBe(2);
    expect(await fresh(paths)).toBeNull();
  });

  it('writes nothing when asked not to', async () => {
    const paths = await indexed();
    await appendFile(paths.path, line(itemLine('gsm8k-2')));
    await currentIndex('cell', CELL_ID, paths.path, paths.indexPath, false);
    expect(await fresh(paths)).toBeNull();
  });
});

describe('writeIndex', () => {
  it('writes one header and one entry per item', async () => {
    const paths = await indexed();
    const index = (await fresh(paths))!;
    await writeIndex(paths.indexPath, 'cell', CELL_ID, index, (await fileStamp(paths.path))!);
    const lines = (await readFile(paths.indexPath, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'index', format: 2, of: 'cell', id: CELL_ID, entries: 2, duplicates: 0 });
  });
});
