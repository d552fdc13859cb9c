// What a file looked like at a moment: size, times, inode and a hash of its last bytes, to tell whether an index of it is still current.
import { createHash } from 'node:crypto';
import { openIfExists } from '../util/lines.js';

/**
 * What a file looked like when indexed. Appends change its size, an atomic rewrite its inode, and
 * any edit its ctime, which no program can set back; the hash of its last bytes catches an edit made within
 * one tick of a coarse file-system clock. An index whose stamp differs is stale.
 */
export interface FileStamp {
  size: number;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
  dev: string;
  /** sha256 of the file's last TAIL_BYTES bytes (all of it, when smaller). */
  tail: string;
}

const TAIL_BYTES = 64 * 1024;

export async function fileStamp(path: string): Promise<FileStamp | null> {
  const handle = await openIfExists(path);
  if (handle === null) return null;
  try {
    const info = await handle.stat({ bigint: true });
    const size = Number(info.size);
    const tail = Buffer.alloc(Math.min(size, TAIL_BYTES));
    const { bytesRead } = await handle.read(tail, 0, tail.length, size - tail.length);
    return {
      size,
      mtimeNs: String(info.mtimeNs),
      ctimeNs: String(info.ctimeNs),
      ino: String(info.ino),
      dev: String(info.dev),
      tail: createHash('sha256').update(tail.subarray(0, bytesRead)).digest('hex'),
    };
  } finally {
    await handle.close();
  }
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino && a.dev === b.dev && a.tail === b.tail;
}

