// Bytes that are not UTF-8, found before they are decoded into replacement characters and silently changed.
import { isUtf8 } from 'node:buffer';

/** The 1-based number of the first line of `bytes` that is not valid UTF-8, or null when all are. */
export function firstNonUtf8Line(bytes: Uint8Array): number | null {
  if (isUtf8(bytes)) return null;
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    if (!isUtf8(bytes.subarray(start, i))) return line;
    line += 1;
    start = i + 1;
  }
  return line;
}

export const NOT_UTF8 = 'holds bytes that are not UTF-8 (save the file as UTF-8)';
