import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonlWriter, parseJsonl, readJsonl, repairJsonl } from '../../src/results/jsonl.js';

describe('parseJsonl', () => {
  it.each([
    ['whole lines', '{"a":1}\n{"a":2}\n', [{ a: 1 }, { a: 2 }], null],
    ['a last line without its newline (cut by kill -9)', '{"a":1}\n{"a":', [{ a: 1 }], '{"a":'],
    ['a complete-looking last line without its newline', '{"a":1}\n{"a":2}', [{ a: 1 }], '{"a":2}'],
    ['a last line that does not parse', '{"a":1}\n{"a"\n', [{ a: 1 }], '{"a"'],
    ['an empty file', '', [], null],
    ['non-ASCII text', '{"q":"calligrapher’s"}\n', [{ q: 'calligrapher’s' }], null],
  ])('%s', (_what, text, records, torn) => {
    const read = parseJsonl(text, 'f.jsonl');
    expect(read.records).toEqual(records);
    expect(read.tornTail).toBe(torn);
  });

  it('refuses a broken line that is not the last: that is corruption, not a torn write', () => {
    expect(() => parseJsonl('{"a":1}\n{oops\n{"a":3}\n', 'f.jsonl')).toThrow('f.jsonl: line 2 is not valid JSON');
  });

  it('counts valid bytes in UTF-8, so a repair cuts at the right byte', () => {
    const text = '{"q":"é"}\n{"q":';
    expect(parseJsonl(text, 'f').validBytes).toBe(Buffer.byteLength('{"q":"é"}\n'));
  });
});

describe('repairJsonl and JsonlWriter', () => {
  it('cuts a torn tail so the next append starts a fresh line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gkt-jsonl-'));
    const path = join(dir, 'cell.jsonl');
    await writeFile(path, '{"n":1}\n{"n":2}\n{"n":3,"text":"hal');
    expect(await repairJsonl(path)).toBe(true);
    expect(await repairJsonl(path)).toBe(false);
    const writer = await JsonlWriter.open(path);
    await writer.append({ n: 3 });
    await writer.close();
    expect(await readFile(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n{"n":3}\n');
    expect((await readJsonl(path)).records).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('reads a missing file as empty', async () => {
    expect(await readJsonl(join(tmpdir(), 'gkt-no-such-file.jsonl'))).toEqual({ records: [], validBytes: 0, tornTail: null });
  });
});
