// Reading a record file line by line: torn last lines told from damage, every line checked against the run format.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHeader, scanRecords } from '../../src/results/read-records.js';
import { CELL_ID, cellHeader, itemLine, line, segmentLine } from './lines.js';

async function file(content: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'gkt-read-')), `${CELL_ID}.jsonl`);
  await writeFile(path, content);
  return path;
}

async function read(content: string) {
  const items: string[] = [];
  const scan = await scanRecords(await file(content), 'cell', (l) => {
    if (l.type === 'item') items.push(l.item);
  });
  return { items, torn: scan?.torn?.text ?? null, tornAt: scan?.torn?.offset ?? null, header: scan?.header ?? null };
}

const head = line(cellHeader());
const a = line(itemLine('gsm8k-0'));
const b = line(itemLine('gsm8k-1'));

describe('scanRecords: what a kill leaves', () => {
  it.each([
    ['whole lines', head + a + b, ['gsm8k-0', 'gsm8k-1'], null],
    ['a last line without its newline (cut by kill -9)', head + a + b.slice(0, 40), ['gsm8k-0'], b.slice(0, 40)],
    ['a complete-looking last line without its newline', head + a + b.trimEnd(), ['gsm8k-0'], b.trimEnd()],
    ['a last line that does not parse', `${head}${a}{"type":"it\n`, ['gsm8k-0'], '{"type":"it\n'],
    ['blank lines', `${head}\n${a}\n`, ['gsm8k-0'], null],
  ])('%s', async (_what, content, items, torn) => {
    const result = await read(content);
    expect(result.items).toEqual(items);
    expect(result.torn).toBe(torn);
  });

  it('says where a torn line starts, in bytes of UTF-8', async () => {
    const accented = line({ ...itemLine('gsm8k-0'), question: 'Zoë’s calligrapher' });
    expect((await read(head + accented + '{"type":')).tornAt).toBe(Buffer.byteLength(head + accented));
  });

  it('reads an empty file as a file without a header yet, and a missing one as nothing', async () => {
    expect(await read('')).toMatchObject({ header: null, items: [] });
    expect(await scanRecords(join(tmpdir(), 'gkt-no-such-file.jsonl'), 'cell', () => undefined)).toBeNull();
  });
});

describe('scanRecords: every line checked, a bad one refused with file and line', () => {
  it.each([
    ['a broken line that is not the last: damage, not a torn write', head + '{oops\n' + a, ': line 2 is not valid JSON'],
    ['a field of the wrong type', head + line({ ...itemLine('gsm8k-0'), index: 'three' }), ': line 2: item line: index: must be integer'],
    ['a field missing', head + line({ ...itemLine('gsm8k-0'), gold: undefined }), ': line 2: item line: missing field "gold"'],
    ['a field no format has', head + line({ ...itemLine('gsm8k-0'), colour: 'red' }), ': line 2: item line: unknown field "colour"'],
    ['a nested field wrong', head + line({ ...itemLine('gsm8k-0'), student: { ...itemLine('gsm8k-0').student, completionTokens: -1 } }), ': line 2: item line: student.completionTokens: must be >= 0'],
    ['a line of another kind', head + line({ type: 'teacher' }), ': line 2: a cell file holds item, segment, acceptance and vocabulary lines, not a line of type "teacher"'],
    ['a record of another cell', head + line(itemLine('gsm8k-0', { cell: 'c-00000000000f' })), ': line 2: a record of cell c-00000000000f in the file of cell c-000000000001'],
    ['no header', a, ': line 1: the first line must be the cell header, not a line of type "item"'],
    ['a header of a newer format', line({ ...cellHeader(), format: 3 }), ': line 1: written in run format 3, newer than this gkt reads (formats 1 to 2)'],
    ['a segment without its session', head + line({ ...segmentLine('start'), session: undefined }), ': line 2: segment line: missing field "session"'],
  ])('%s', async (_what, content, message) => {
    const path = await file(content);
    await expect(scanRecords(path, 'cell', () => undefined)).rejects.toThrow(`${path}${message}`);
  });
});

describe('readHeader', () => {
  it('reads the first line only, checked', async () => {
    expect((await readHeader(await file(head + '{not json at all'), 'cell'))?.cell.id).toBe(CELL_ID);
    expect(await readHeader(await file('{"type":"cell"'), 'cell')).toBeNull();
  });
});
