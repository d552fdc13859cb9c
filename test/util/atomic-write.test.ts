// Atomic writes: the target holds the whole new content or is untouched, and no temp file is left either way.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/util/atomic-write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gkt-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates missing folders and replaces an existing file', async () => {
    const path = join(dir, 'a', 'b', 'file.jsonl');
    await writeFileAtomic(path, Buffer.from('one\n'));
    await writeFileAtomic(path, Buffer.from('two\n'));
    expect(await readFile(path, 'utf8')).toBe('two\n');
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['file.jsonl']);
  });

  it('removes its temp file when the rename fails', async () => {
    const path = join(dir, 'taken');
    await mkdir(path);
    await writeFile(join(path, 'inside'), 'kept');
    await expect(writeFileAtomic(path, Buffer.from('new'))).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
    expect(await readFile(join(path, 'inside'), 'utf8')).toBe('kept');
  });
});
