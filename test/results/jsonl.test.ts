// The append-only writer: whole lines, each one's offset known as it is written.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonlWriter } from '../../src/results/jsonl.js';

describe('JsonlWriter', () => {
  it('appends whole lines after what the file holds, and says where each went, counting UTF-8 bytes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gkt-jsonl-'));
    const path = join(dir, 'cell.jsonl');
    await writeFile(path, '{"n":1}\n');
    const writer = await JsonlWriter.open(path);
    const at = await Promise.all([writer.append({ q: 'é' }), writer.append({ n: 3 })]);
    await writer.close();
    expect(at).toEqual([
      { offset: 8, bytes: Buffer.byteLength('{"q":"é"}') },
      { offset: 8 + Buffer.byteLength('{"q":"é"}\n'), bytes: 7 },
    ]);
    expect(await readFile(path, 'utf8')).toBe('{"n":1}\n{"q":"é"}\n{"n":3}\n');
    expect(writer.failed).toBe(false);
  });
});
