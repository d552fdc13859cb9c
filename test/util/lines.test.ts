// Reading files a line or a block at a time: byte offsets, torn tails, first lines, hashes of the rest.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeLinesAtomic } from '../../src/util/atomic-write.js';
import { ChunkReader } from '../../src/util/chunk-reader.js';
import { firstLine, hashFrom, scanLines, type Line } from '../../src/util/lines.js';
import { NumberList } from '../../src/util/number-list.js';

async function file(content: string | Buffer): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'gkt-lines-')), 'f.jsonl');
  await writeFile(path, content);
  return path;
}

describe('scanLines', () => {
  it('gives each whole line with its number and byte offset, and what follows the last newline as torn', async () => {
    const text = 'a\n\nzoë’s\n{"cut":';
    const seen: Line[] = [];
    const scan = await scanLines(await file(text), (line) => void seen.push(line));
    expect(seen).toEqual([
      { text: 'a', number: 1, offset: 0, bytes: 1 },
      { text: '', number: 2, offset: 2, bytes: 0 },
      { text: 'zoë’s', number: 3, offset: 3, bytes: Buffer.byteLength('zoë’s') },
    ]);
    expect(scan).toEqual({ size: Buffer.byteLength(text), lines: 3, torn: { offset: Buffer.byteLength('a\n\nzoë’s\n'), text: '{"cut":' } });
  });

  it('reads lines longer than its blocks, and a file of many blocks, whole', async () => {
    const long = 'x'.repeat(3 * 1024 * 1024);
    const many = Array.from({ length: 50_000 }, (_, i) => `{"n":${i}}`);
    const seen: string[] = [];
    await scanLines(await file(`${long}\n${many.join('\n')}\n`), (line) => void seen.push(line.text));
    expect(seen[0]).toBe(long);
    expect(seen.slice(1)).toEqual(many);
  });

  it('keeps lines, offsets and every byte right across many blocks, characters cut at block ends included', async () => {
    const lines = Array.from({ length: 120_000 }, (_, i) => `{"n":${i},"t":"${'é’'.repeat(i % 23)}"}`);
    const text = `${lines.join('\n')}\n`;
    const path = await file(text);
    const seen: Line[] = [];
    const read: Buffer[] = [];
    const scan = await scanLines(path, (line) => void seen.push(line), (bytes) => void read.push(Buffer.from(bytes)));
    expect(scan?.size).toBeGreaterThan(3 * 1024 * 1024);
    expect(seen.map((l) => l.text)).toEqual(lines);
    const bytes = Buffer.from(text);
    for (const line of [seen[0]!, seen[50_000]!, seen.at(-1)!]) expect(bytes.toString('utf8', line.offset, line.offset + line.bytes)).toBe(line.text);
    expect(Buffer.concat(read).equals(bytes)).toBe(true);
  });

  it('says nothing of a file that is not there', async () => {
    expect(await scanLines(join(tmpdir(), 'gkt-no-such-file'), () => undefined)).toBeNull();
  });
});

describe('firstLine and hashFrom', () => {
  it('read the first line alone, and hash what follows it, counting its lines', async () => {
    const path = await file('{"head":1}\nb\nc\n');
    expect(await firstLine(path)).toBe('{"head":1}');
    expect(await hashFrom(path, 11)).toEqual({ sha256: createHash('sha256').update('b\nc\n').digest('hex'), lines: 2 });
    expect(await firstLine(await file('no newline'))).toBeNull();
  });
});

describe('ChunkReader', () => {
  it('reads ranges in any order through one cached chunk, each a copy of its own', async () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `${i}`).join(',');
    const reader = new ChunkReader(await file(text));
    const at = (from: number, to: number) => reader.read(from, to - from).then((b) => b.toString());
    const [a, b, c] = await Promise.all([at(0, 5), at(400_000, 400_010), at(6, 10)]);
    expect([a, b, c]).toEqual([text.slice(0, 5), text.slice(400_000, 400_010), text.slice(6, 10)]);
    await reader.close();
  });
});

describe('NumberList', () => {
  it('keeps numbers in order across its blocks, and changes one in place', () => {
    const list = new NumberList();
    for (let i = 0; i < 20_000; i++) list.push(i / 2);
    list.set(12_345, -1);
    expect(list.length).toBe(20_000);
    expect([list.at(0), list.at(8192), list.at(12_345), list.at(19_999)]).toEqual([0, 4096, -1, 9999.5]);
    expect(list.toArray()).toHaveLength(20_000);
  });
});

describe('writeLinesAtomic', () => {
  it('writes every line in order, the file whole or not at all', async () => {
    const path = await file('old\n');
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`);
    await writeLinesAtomic(path, lines);
    expect(await readFile(path, 'utf8')).toBe(lines.join(''));
    const failing = function* () {
      yield 'a\n';
      throw new Error('cut');
    };
    await expect(writeLinesAtomic(path, failing())).rejects.toThrow('cut');
    expect(await readFile(path, 'utf8')).toBe(lines.join(''));
  });
});

describe('Positions', () => {
  it('finds where each string of a list is, and nothing else', async () => {
    const { Positions } = await import('../../src/util/positions.js');
    const list = Array.from({ length: 5000 }, (_, i) => `csqa-${((i * 7919) % 5000).toString(16)}`);
    const positions = new Positions(list);
    expect(positions.size).toBe(5000);
    for (const i of [0, 1, 2500, 4999]) expect(positions.get(list[i]!)).toBe(i);
    expect(positions.has('csqa-zz')).toBe(false);
    expect(new Positions([]).get('a')).toBeUndefined();
  });
});
