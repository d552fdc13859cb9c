// Opening a pass or cell file to resume it: header, torn tail, one record per item, failed items to redo, its index.
import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordFile, type RecordFileSpec } from '../../src/results/record-file.js';
import type { ItemRecord } from '../../src/results/records.js';
import { CELL_ID, cellHeader, itemLine, line, PASS_ID, passHeader, segmentLine, teacherLine } from './lines.js';

async function tempPaths(content?: string): Promise<{ path: string; indexPath: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'gkt-records-'));
  const path = join(dir, `${CELL_ID}.jsonl`);
  if (content !== undefined) await writeFile(path, content);
  return { path, indexPath: join(dir, `${CELL_ID}.index`) };
}

const spec = (paths: { path: string; indexPath: string }, retryErrors = false): RecordFileSpec<'cell'> => ({
  kind: 'cell',
  ...paths,
  header: cellHeader(),
  retryErrors,
});

const itemsIn = async (path: string) =>
  (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; item?: string }).filter((l) => l.type === 'item').map((l) => l.item);

describe('RecordFile.open', () => {
  it('starts a new file with its header', async () => {
    const paths = await tempPaths();
    const file = await RecordFile.open(spec(paths));
    await file.append(itemLine('gsm8k-0'));
    await file.close();
    expect(file.entries.size).toBe(1);
    expect(await readFile(paths.path, 'utf8')).toBe(line(cellHeader()) + line(itemLine('gsm8k-0')));
  });

  it('resumes: records already there are kept and returned, a torn tail is cut', async () => {
    const paths = await tempPaths(line(cellHeader()) + line(segmentLine('start')) + line(itemLine('gsm8k-0')) + '{"type":"item","item":"gsm8k-1"');
    const file = await RecordFile.open(spec(paths));
    await file.close();
    expect([...file.entries.keys()]).toEqual(['gsm8k-0']);
    expect(file.repaired).toEqual({ tornTail: true, duplicates: 0, errorsDropped: 0, upgraded: false });
    expect(await readFile(paths.path, 'utf8')).toBe(line(cellHeader()) + line(segmentLine('start')) + line(itemLine('gsm8k-0')));
  });

  it('keeps exactly one record per item, preferring an answered one, and rewrites the file', async () => {
    const failed = itemLine('gsm8k-0', { error: 'student' });
    const answered = itemLine('gsm8k-0', { n: 2 });
    const paths = await tempPaths(line(cellHeader()) + line(failed) + line(itemLine('gsm8k-1')) + line(answered) + line(itemLine('gsm8k-1', { n: 9 })));
    const file = await RecordFile.open(spec(paths));
    await file.close();
    expect(file.repaired.duplicates).toBe(2);
    expect(await itemsIn(paths.path)).toEqual(['gsm8k-1', 'gsm8k-0']);
    const reader = file.reader();
    expect((await reader.read('gsm8k-0'))?.question).toBe(answered.question);
    expect((await reader.read('gsm8k-1'))?.question).toBe(itemLine('gsm8k-1').question);
    await reader.close();
  });

  it('with retryErrors, drops failed records so those items are done again', async () => {
    const paths = await tempPaths(line(cellHeader()) + line(itemLine('gsm8k-0', { error: 'student' })) + line(itemLine('gsm8k-1')));
    const file = await RecordFile.open(spec(paths, true));
    await file.close();
    expect([...file.entries.keys()]).toEqual(['gsm8k-1']);
    expect(file.repaired.errorsDropped).toBe(1);
    expect(await readFile(paths.path, 'utf8')).not.toContain('timed out');
  });

  it('without retryErrors, a failed item counts as done (it stays in the denominator)', async () => {
    const paths = await tempPaths(line(cellHeader()) + line(itemLine('gsm8k-0', { error: 'student' })));
    const file = await RecordFile.open(spec(paths));
    await file.close();
    expect(file.entries.get('gsm8k-0')?.error).toBe('student');
  });

  it('drops what `redo` names: an item failed by its teacher, whose teacher has answered since', async () => {
    const paths = await tempPaths(line(cellHeader()) + line(itemLine('gsm8k-0', { error: 'teacher' })) + line(itemLine('gsm8k-1', { error: 'student' })));
    const file = await RecordFile.open({ ...spec(paths), redo: (item, error) => error === 'teacher' && item === 'gsm8k-0' });
    await file.close();
    expect([...file.entries.keys()]).toEqual(['gsm8k-1']);
  });

  it('restarts a file killed before its header was written', async () => {
    for (const content of ['', '{"type":"cell","format":2,"cel']) {
      const paths = await tempPaths(content);
      const file = await RecordFile.open(spec(paths));
      await file.close();
      expect(await readFile(paths.path, 'utf8')).toBe(line(cellHeader()));
    }
  });

  it('refuses a file whose header belongs to another cell', async () => {
    const paths = await tempPaths(line(cellHeader('c-000000000002')));
    await expect(RecordFile.open(spec(paths))).rejects.toThrow(/does not belong here/);
  });

  it('refuses a bad line that is not the last, naming the file and line', async () => {
    const paths = await tempPaths(line(cellHeader()) + line({ ...itemLine('gsm8k-0'), gold: 7 }) + line(itemLine('gsm8k-1')));
    await expect(RecordFile.open(spec(paths))).rejects.toThrow(`${paths.path}: line 2: item line: gold: must be string`);
  });
});

describe('RecordFile and its index', () => {
  it('writes the index as it closes; the next open reads it and finds what the records hold', async () => {
    const paths = await tempPaths();
    const first = await RecordFile.open(spec(paths));
    await first.append(segmentLine('start'));
    await first.append(itemLine('gsm8k-0'));
    await first.append(itemLine('gsm8k-1', { error: 'student' }));
    await first.close();
    expect(await readFile(paths.indexPath, 'utf8')).toContain('"gsm8k-1"');
    const again = await RecordFile.open(spec(paths));
    await again.close();
    expect(Object.fromEntries([...again.entries].map(([item, e]) => [item, e.error]))).toEqual({ 'gsm8k-0': null, 'gsm8k-1': 'student' });
  });

  it('sees records appended after the index was written (a run killed before it could write the index again)', async () => {
    const paths = await tempPaths();
    const first = await RecordFile.open(spec(paths));
    await first.append(itemLine('gsm8k-0'));
    await first.close();
    await appendFile(paths.path, line(itemLine('gsm8k-1')));
    const again = await RecordFile.open(spec(paths));
    await again.close();
    expect([...again.entries.keys()]).toEqual(['gsm8k-0', 'gsm8k-1']);
  });

  it('upgrades a format-1 file as it opens it: headers gain the format, `model` becomes `responseModel`', async () => {
    const { format: _f, ...v1Header } = passHeader();
    const { responseModel, ...rest } = teacherLine('gsm8k-0');
    const dir = await mkdtemp(join(tmpdir(), 'gkt-records-'));
    const paths = { path: join(dir, `${PASS_ID}.jsonl`), indexPath: join(dir, `${PASS_ID}.index`) };
    await writeFile(paths.path, line(v1Header) + line({ ...rest, model: responseModel }));
    const file = await RecordFile.open({ kind: 'pass', ...paths, header: passHeader(), retryErrors: false });
    await file.close();
    expect(file.repaired.upgraded).toBe(true);
    const lines = (await readFile(paths.path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([passHeader(), teacherLine('gsm8k-0')]);
  });

  it('refuses a file of a newer run format', async () => {
    const paths = await tempPaths(line({ ...cellHeader(), format: 3 }) + line(itemLine('gsm8k-0') satisfies ItemRecord));
    await expect(RecordFile.open(spec(paths))).rejects.toThrow(/written in run format 3, newer than this gkt reads/);
  });
});
