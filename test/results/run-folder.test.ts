// The results store as gkt run and gkt plan use it: what a folder holds of a plan, read from indexes or
// records alike; the dataset's items kept for reruns; the summary kept with what it was computed from.
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanDataset } from '../../src/datasets/scan.js';
import type { Cell, Plan } from '../../src/plan/types.js';
import { recordIndexOf, recordReader } from '../../src/results/read-run.js';
import { RunFolder } from '../../src/results/run-folder.js';
import { ROOT } from '../helpers/cli.js';
import { cell, CELL_ID, cellHeader, itemLine, line, pass, PASS_ID, passHeader, teacherLine } from './lines.js';

const GKT_ID = 'c-00000000000a';
const gktCell: Cell = {
  ...cell(GKT_ID),
  kind: 'gkt',
  label: 'T→S 10→40',
  teacher: { model: { name: 'teacher', model: 'sim-13b' }, guidanceTokens: 10, projection: 'cutoff', pass: PASS_ID },
};
const plan: Plan = { run: 'r', passes: [pass()], cells: [gktCell, cell()], items: { gsm8k: ['gsm8k-0', 'gsm8k-1', 'gsm8k-2'] } };

async function folder(): Promise<{ dir: string; folder: RunFolder }> {
  const dir = await mkdtemp(join(tmpdir(), 'gkt-folder-'));
  const f = new RunFolder(dir);
  await f.prepare();
  await f.writePlan(plan);
  await writeFile(join(dir, 'teacher', `${PASS_ID}.jsonl`), [passHeader(), teacherLine('gsm8k-0'), teacherLine('gsm8k-1'), teacherLine('gsm8k-2', { failed: true })].map(line).join(''));
  // gsm8k-1 failed by its teacher, which has answered since: to be redone. gsm8k-2: its teacher still failed.
  await writeFile(
    join(dir, 'cells', `${GKT_ID}.jsonl`),
    [{ ...cellHeader(GKT_ID), cell: gktCell }, itemLine('gsm8k-0', { cell: GKT_ID }), itemLine('gsm8k-1', { cell: GKT_ID, error: 'teacher' }), itemLine('gsm8k-2', { cell: GKT_ID, error: 'teacher' })].map(line).join(''),
  );
  await writeFile(join(dir, 'cells', `${CELL_ID}.jsonl`), [cellHeader(), itemLine('gsm8k-0'), itemLine('gsm8k-1', { error: 'student' }), itemLine('gsm8k-2')].map(line).join(''));
  return { dir, folder: f };
}

const expected = {
  [PASS_ID]: { done: 2, failed: 1, total: 3 },
  [GKT_ID]: { done: 1, failed: 1, total: 3 },
  [CELL_ID]: { done: 2, failed: 1, total: 3 },
};

describe('RunFolder.status', () => {
  it('counts what is recorded from the records, then from the indexes it kept, alike', async () => {
    const { dir, folder: f } = await folder();
    const fromRecords = await f.status(plan, { save: true });
    expect(Object.fromEntries(fromRecords.phases)).toEqual(expected);
    expect(fromRecords.mend.size).toBe(0);
    expect((await readFile(join(dir, 'index', `${CELL_ID}.index`), 'utf8')).split('\n')[0]).toContain('"answered":2');
    const fromIndexes = await f.status(plan, { save: false });
    expect(Object.fromEntries(fromIndexes.phases)).toEqual(expected);
    await rm(dir, { recursive: true });
  });

  it('says which files need mending: a torn last line, duplicate records', async () => {
    const { dir, folder: f } = await folder();
    await f.status(plan, { save: true });
    await appendFile(join(dir, 'cells', `${CELL_ID}.jsonl`), '{"type":"item","cell":');
    await appendFile(join(dir, 'teacher', `${PASS_ID}.jsonl`), line(teacherLine('gsm8k-2')));
    const status = await f.status(plan, { save: true });
    expect([...status.mend].sort()).toEqual([CELL_ID, PASS_ID].sort());
    expect(status.phases.get(PASS_ID)).toEqual({ done: 3, failed: 0, total: 3 });
    await rm(dir, { recursive: true });
  });

  it('counts a planned list that differs from the file\'s items by reading the entries', async () => {
    const { dir, folder: f } = await folder();
    await f.status(plan, { save: true });
    const fewer = { ...plan, items: { gsm8k: ['gsm8k-0', 'gsm8k-1'] } };
    expect((await f.status(fewer, { save: false })).phases.get(CELL_ID)).toEqual({ done: 1, failed: 1, total: 2 });
    await rm(dir, { recursive: true });
  });
});

describe('reading one record by item', () => {
  it('finds it through the index, checked as it is read', async () => {
    const { dir } = await folder();
    const index = await recordIndexOf(dir, 'cell', CELL_ID);
    const reader = recordReader(dir, 'cell', CELL_ID, index);
    expect((await reader.read('gsm8k-1'))?.error?.role).toBe('student');
    expect(await reader.read('gsm8k-9')).toBeUndefined();
    await reader.close();
    await rm(dir, { recursive: true });
  });
});

describe('RunFolder.datasetItems', () => {
  it('reads the dataset once; later its items come from the folder, until the file changes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gkt-folder-'));
    const data = join(dir, 'gsm8k.jsonl');
    await writeFile(data, await readFile(join(ROOT, 'datasets', 'fixtures', 'gsm8k-mini.jsonl')));
    const f = new RunFolder(join(dir, 'run'));
    const first = await f.datasetItems('gsm8k', data);
    await first.keep();
    const again = await f.datasetItems('gsm8k', data);
    expect(again.dataset).toEqual(await scanDataset('gsm8k', data));
    expect(again.dataset).toEqual(first.dataset);
    // One gold changed: the folder's copy of the items is stale, and the file is read again.
    await writeFile(data, (await readFile(data, 'utf8')).replace('#### 23', '#### 24'));
    const changed = await f.datasetItems('gsm8k', data);
    expect(changed.dataset.sha256).not.toBe(first.dataset.sha256);
    await rm(dir, { recursive: true });
  });
});

describe('the summary kept with its key', () => {
  async function withManifest(): Promise<{ dir: string; folder: RunFolder }> {
    const made = await folder();
    await writeFile(join(made.dir, 'manifest.json'), await readFile(join(ROOT, 'test', 'fixtures', 'runs', 'v1-run', 'manifest.json')));
    return made;
  }

  it('is found under the key it was kept with, and under no other', async () => {
    const { dir, folder: f } = await withManifest();
    const key = (await f.summaryKey('code', plan))!;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    await f.writeSummaryCache(key, [{ acc: 52.5 }]);
    expect(await f.readSummaryCache(key)).toEqual([{ acc: 52.5 }]);
    expect(await f.readSummaryCache((await f.summaryKey('other code', plan))!)).toBeNull();
    await rm(dir, { recursive: true });
  });

  it('changes its key when a record file changes', async () => {
    const { dir, folder: f } = await withManifest();
    const before = await f.summaryKey('code', plan);
    await appendFile(join(dir, 'cells', `${CELL_ID}.jsonl`), line(itemLine('gsm8k-1')));
    expect(await f.summaryKey('code', plan)).not.toBe(before);
    await rm(dir, { recursive: true });
  });

  it('is not trusted once edited, and not kept when JSON would change it', async () => {
    const { dir, folder: f } = await withManifest();
    const key = (await f.summaryKey('code', plan))!;
    await f.writeSummaryCache(key, [{ acc: 52.5 }]);
    const path = join(dir, '.summary-cache.json');
    await writeFile(path, (await readFile(path, 'utf8')).replace('52.5', '92.5'));
    expect(await f.readSummaryCache(key)).toBeNull();
    await f.writeSummaryCache(key, [{ speedUp: Infinity }]);
    expect(await f.readSummaryCache(key)).toBeNull();
    await rm(dir, { recursive: true });
  });
});
