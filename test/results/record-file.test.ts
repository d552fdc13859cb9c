import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRecordFile } from '../../src/results/record-file.js';

interface Header { type: 'cell'; cell: { id: string } }
interface Rec { type: 'item'; item: string; error: unknown; n?: number }

const header: Header = { type: 'cell', cell: { id: 'c-1' } };
const line = (value: unknown) => `${JSON.stringify(value)}\n`;
const spec = (path: string, retryErrors = false) => ({ path, header, headerId: (h: Header) => h.cell.id, recordType: 'item', retryErrors });

async function tempFile(content?: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'gkt-records-')), 'c-1.jsonl');
  if (content !== undefined) await writeFile(path, content);
  return path;
}

describe('openRecordFile', () => {
  it('starts a new file with its header', async () => {
    const path = await tempFile();
    const opened = await openRecordFile<Header, Rec>(spec(path));
    await opened.writer.append({ type: 'item', item: 'a', error: null });
    await opened.writer.close();
    expect(opened.records.size).toBe(0);
    expect(await readFile(path, 'utf8')).toBe(line(header) + line({ type: 'item', item: 'a', error: null }));
  });

  it('resumes: records already there are kept and returned, a torn tail is cut', async () => {
    const path = await tempFile(line(header) + line({ type: 'segment' }) + line({ type: 'item', item: 'a', error: null }) + '{"type":"item","item":"b"');
    const opened = await openRecordFile<Header, Rec>(spec(path));
    await opened.writer.close();
    expect([...opened.records.keys()]).toEqual(['a']);
    expect(opened.repaired).toEqual({ tornTail: true, duplicates: 0, errorsDropped: 0 });
    expect(await readFile(path, 'utf8')).toBe(line(header) + line({ type: 'segment' }) + line({ type: 'item', item: 'a', error: null }));
  });

  it('keeps exactly one record per item, preferring an answered one, and rewrites the file', async () => {
    const failed = { type: 'item', item: 'a', error: { kind: 'server' } };
    const answered = { type: 'item', item: 'a', error: null, n: 2 };
    const path = await tempFile(line(header) + line(failed) + line({ type: 'item', item: 'b', error: null }) + line(answered) + line({ type: 'item', item: 'b', error: null, n: 9 }));
    const opened = await openRecordFile<Header, Rec>(spec(path));
    await opened.writer.close();
    expect(opened.records.get('a')).toEqual(answered);
    expect(opened.records.get('b')?.n).toBeUndefined();
    expect(opened.repaired.duplicates).toBe(2);
    const lines = (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Rec);
    expect(lines.filter((l) => l.type === 'item').map((l) => l.item)).toEqual(['a', 'b']);
  });

  it('with retryErrors, drops failed records so those items are done again', async () => {
    const path = await tempFile(line(header) + line({ type: 'item', item: 'a', error: { kind: 'timeout' } }) + line({ type: 'item', item: 'b', error: null }));
    const opened = await openRecordFile<Header, Rec>(spec(path, true));
    await opened.writer.close();
    expect([...opened.records.keys()]).toEqual(['b']);
    expect(opened.repaired.errorsDropped).toBe(1);
    expect(await readFile(path, 'utf8')).not.toContain('timeout');
  });

  it('without retryErrors, a failed item counts as done (it stays in the denominator)', async () => {
    const path = await tempFile(line(header) + line({ type: 'item', item: 'a', error: { kind: 'timeout' } }));
    const opened = await openRecordFile<Header, Rec>(spec(path));
    await opened.writer.close();
    expect(opened.records.has('a')).toBe(true);
  });

  it('restarts a file killed before its header was written', async () => {
    const path = await tempFile('');
    const opened = await openRecordFile<Header, Rec>(spec(path));
    await opened.writer.close();
    expect(await readFile(path, 'utf8')).toBe(line(header));
  });

  it('refuses a file whose header belongs to another cell', async () => {
    const path = await tempFile(line({ type: 'cell', cell: { id: 'c-2' } }));
    await expect(openRecordFile<Header, Rec>(spec(path))).rejects.toThrow(/does not belong here/);
  });
});
