// Appending to a JSONL file that only grows: each record one whole line, each line's offset known as it is written.
import { open, type FileHandle } from 'node:fs/promises';

/**
 * An append-only writer. Each record is one whole line written to a file opened with O_APPEND, one line
 * at a time (concurrent jobs' records queue up), so a kill leaves at most the last line torn, which
 * readers skip and a resumed run cuts.
 */
export class JsonlWriter {
  private queue: Promise<unknown> = Promise.resolve();
  /** Set when an append failed: the file may end in a part line, and nothing may follow it. */
  private broken: Error | null = null;

  private constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
    /** Where the next line goes: the file's size, as this writer is its only writer. */
    private size: number,
  ) {}

  static async open(path: string): Promise<JsonlWriter> {
    const handle = await open(path, 'a');
    try {
      return new JsonlWriter(path, handle, (await handle.stat()).size);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** True once an append has failed. */
  get failed(): boolean {
    return this.broken !== null;
  }

  /** Resolves with where the line went: its offset and its length without the newline. */
  append(record: unknown): Promise<{ offset: number; bytes: number }> {
    const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
    return this.enqueue(async () => {
      if (this.broken) throw this.broken;
      const offset = this.size;
      try {
        await this.writeAll(line);
      } catch (error) {
        // A write that failed part-way (a full disk) is cut back off: the file ends in whole lines, with
        // the bytes it took given back. An error on a file handle names no path: it is given here.
        await this.handle.truncate(this.size).catch(() => undefined);
        const failure = error as NodeJS.ErrnoException;
        failure.path ??= this.path;
        this.broken = failure;
        throw failure;
      }
      this.size += line.length;
      return { offset, bytes: line.length - 1 };
    });
  }

  sync(): Promise<void> {
    return this.enqueue(() => this.handle.datasync());
  }

  close(): Promise<void> {
    return this.enqueue(() => this.handle.close());
  }

  /** One step at a time, in call order; a failed step fails its own caller only. */
  private enqueue<T>(step: () => Promise<T>): Promise<T> {
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
