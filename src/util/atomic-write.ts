// Write a file so that readers see either nothing or the whole of it: a temp file beside it, synced, then renamed.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  return atomically(path, (handle) => handle.writeFile(bytes));
}

/** A temp file beside `path` written by `write`, synced, then renamed over it; on failure, removed. */
async function atomically(path: string, write: (handle: FileHandle) => Promise<void>): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  // Same folder as the target, so the rename never crosses file systems.
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await write(handle);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    // A write through a file handle names no path (ENOSPC): the file meant is the one to name.
    if (error instanceof Error && 'code' in error) (error as NodeJS.ErrnoException).path ??= path;
    throw error;
  }
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Writes lines (each with its newline) as writeFileAtomic writes a file, a block at a time: a file of any
 * length is never held whole in memory.
 */
export function writeLinesAtomic(path: string, lines: Iterable<string>): Promise<void> {
  return atomically(path, async (handle) => {
    let block: string[] = [];
    let size = 0;
    for (const line of lines) {
      block.push(line);
      size += line.length;
      if (size >= BLOCK_CHARS) {
        await handle.write(block.join(''));
        block = [];
        size = 0;
      }
    }
    if (block.length > 0) await handle.write(block.join(''));
  });
}

const BLOCK_CHARS = 64 * 1024;
