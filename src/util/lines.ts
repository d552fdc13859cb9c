// A JSONL file read as whole lines with their byte offsets, chunk by chunk: memory stays flat whatever the file's size.
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';

const CHUNK_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

/** The file opened for reading, or null when there is no such file. */
export async function openIfExists(path: string): Promise<FileHandle | null> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export interface Line {
  /** The line without its newline, decoded as UTF-8. */
  text: string;
  /** 1-based, counting every line. */
  number: number;
  /** Byte offset of the line's first byte. */
  offset: number;
  /** Byte length without the newline. */
  bytes: number;
}

export interface LineScan {
  /** Bytes read: the file's size when it was opened (lines appended later are not read). */
  size: number;
  /** Whole lines read. */
  lines: number;
  /** Bytes after the last newline: a line a kill cut short. */
  torn: { offset: number; text: string } | null;
}

/**
 * Calls `visit` for each whole line, in order; a visit that returns a promise is awaited before the next
 * line. Null when the file does not exist.
 */
export async function scanLines(
  path: string,
  visit: (line: Line) => void | Promise<void>,
  /** Sees every byte read, in order (e.g. to hash the file in the same pass). */
  onBytes?: (bytes: Buffer) => void,
): Promise<LineScan | null> {
  const handle = await openIfExists(path);
  if (handle === null) return null;
  try {
    const size = (await handle.stat()).size;
    // One buffer for the whole file: the part line after a chunk's last newline moves to its front and the next
    // chunk is read behind it, so a long file allocates nothing per chunk (a line longer than it doubles it).
    let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let carried = 0;
    let position = 0;
    let number = 0;
    while (position < size) {
      if (carried === buffer.length) {
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, carried);
        buffer = larger;
      }
      const { bytesRead } = await handle.read(buffer, carried, Math.min(buffer.length - carried, size - position), position);
      if (bytesRead === 0) break;
      onBytes?.(buffer.subarray(carried, carried + bytesRead));
      const length = carried + bytesRead;
      const dataStart = position - carried;
      let start = 0;
      for (let end = buffer.indexOf(NEWLINE, start); end !== -1 && end < length; end = buffer.indexOf(NEWLINE, start)) {
        number++;
        const pending = visit({ text: buffer.toString('utf8', start, end), number, offset: dataStart + start, bytes: end - start });
        if (pending !== undefined) await pending;
        start = end + 1;
      }
      buffer.copy(buffer, 0, start, length);
      carried = length - start;
      position += bytesRead;
    }
    const torn = carried === 0 ? null : { offset: position - carried, text: buffer.toString('utf8', 0, carried) };
    return { size: position, lines: number, torn };
  } finally {
    await handle.close();
  }
}

/** The file's first whole line, read no further than its newline; null when the file is missing or has none. */
export async function firstLine(path: string): Promise<string | null> {
  const handle = await openIfExists(path);
  if (handle === null) return null;
  try {
    const chunks: Buffer[] = [];
    let position = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(64 * 1024);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return null;
      const chunk = buffer.subarray(0, bytesRead);
      const end = chunk.indexOf(NEWLINE);
      if (end !== -1) return Buffer.concat([...chunks, chunk.subarray(0, end)]).toString('utf8');
      chunks.push(chunk);
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/** sha256 of a file's bytes from `offset` to its end, and how many newlines they hold; null when the file is missing. */
export async function hashFrom(path: string, offset: number): Promise<{ sha256: string; lines: number } | null> {
  const handle = await openIfExists(path);
  if (handle === null) return null;
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let lines = 0;
    for (let position = offset; ; ) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      hash.update(chunk);
      for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) lines += 1;
      position += bytesRead;
    }
    return { sha256: hash.digest('hex'), lines };
  } finally {
    await handle.close();
  }
}
