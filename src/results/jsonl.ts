// JSONL files that only grow: whole-line appends, and reads that tolerate (and can cut) a torn last line.
import { open, readFile, truncate } from 'node:fs/promises';

export interface JsonlRead<T> {
  records: T[];
  /** Byte length of the whole lines; anything after it is a torn last line. */
  validBytes: number;
  /** The torn tail (a line without its newline, or one that does not parse), if any. */
  tornTail: string | null;
}

/** Pure: parse JSONL text. Only the last line may be torn (a write cut by kill -9); others must parse. */
export function parseJsonl<T>(text: string, path: string): JsonlRead<T> {
  const records: T[] = [];
  let offset = 0;
  let validBytes = 0;
  while (offset < text.length) {
    const newline = text.indexOf('\n', offset);
    if (newline === -1) {
      return { records, validBytes, tornTail: text.slice(offset) };
    }
    const line = text.slice(offset, newline);
    const lineBytes = Buffer.byteLength(line, 'utf8') + 1;
    if (line.trim() !== '') {
      try {
        records.push(JSON.parse(line) as T);
      } catch (error) {
        const isLast = newline === text.length - 1;
        if (isLast) return { records, validBytes, tornTail: line };
        throw new Error(`${path}: line ${records.length + 1} is not valid JSON (${(error as Error).message})`, { cause: error });
      }
    }
    validBytes += lineBytes;
    offset = newline + 1;
  }
  return { records, validBytes, tornTail: null };
}

export async function readJsonl<T>(path: string): Promise<JsonlRead<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], validBytes: 0, tornTail: null };
    throw error;
  }
  return parseJsonl<T>(text, path);
}

/** Cut a torn last line so the next append starts on a fresh line. Returns whether anything was cut. */
export async function repairJsonl(path: string): Promise<boolean> {
  const read = await readJsonl(path);
  if (read.tornTail === null) return false;
  await truncate(path, read.validBytes);
  return true;
}

/**
 * An append-only writer. Each record is one whole line written to a file opened with O_APPEND, one line
 * at a time (concurrent jobs' records queue up), so a kill leaves at most the last line torn, which
 * readers tolerate and `repairJsonl` cuts.
 */
export class JsonlWriter {
  private queue: Promise<void> = Promise.resolve();
  /** Set when an append failed: the file may end in a part line, and nothing may follow it. */
  private broken: Error | null = null;

  private constructor(private readonly handle: import('node:fs/promises').FileHandle) {}

  static async open(path: string): Promise<JsonlWriter> {
    return new JsonlWriter(await open(path, 'a'));
  }

  append(record: unknown): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
    return this.enqueue(async () => {
      if (this.broken) throw this.broken;
      try {
        await this.writeAll(line);
      } catch (error) {
        this.broken = error as Error;
        throw error;
      }
    });
  }

  sync(): Promise<void> {
    return this.enqueue(() => this.handle.datasync());
  }

  close(): Promise<void> {
    return this.enqueue(() => this.handle.close());
  }

  /** One step at a time, in call order; a failed step fails its own caller only. */
  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** A write may take fewer bytes than asked (a full disk, a signal): the rest follows, so no line is left half. */
  private async writeAll(bytes: Buffer): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, offset, bytes.length - offset);
      if (bytesWritten === 0) throw new Error('could not append to the records file (0 bytes written)');
      offset += bytesWritten;
    }
  }
}
