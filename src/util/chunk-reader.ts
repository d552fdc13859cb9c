// Reads byte ranges of a file through one open handle and a one-chunk cache: ranges asked for in file order cost one read per chunk.
import { open, type FileHandle } from 'node:fs/promises';

const CHUNK_BYTES = 256 * 1024;

export class ChunkReader {
  private handle: Promise<FileHandle> | null = null;
  private chunk: { start: number; bytes: Buffer } | null = null;
  /** Refilled in place: a long run of reads allocates no new chunk, and leaves the allocator nothing to hold on to. */
  private readonly buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  /** Reads go one at a time, so concurrent callers share a chunk rather than each reading their own. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  /** The `bytes` bytes at `offset`; fewer only where the file ends first. */
  read(offset: number, bytes: number): Promise<Buffer> {
    const next = this.queue.then(() => this.readNow(offset, bytes));
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.queue;
    const handle = this.handle;
    this.handle = null;
    this.chunk = null;
    if (handle !== null) await (await handle).close();
  }

  private async readNow(offset: number, bytes: number): Promise<Buffer> {
    const cached = this.chunk;
    if (cached === null || offset < cached.start || offset + bytes > cached.start + cached.bytes.length) {
      this.handle ??= open(this.path, 'r');
      const buffer = bytes <= CHUNK_BYTES ? this.buffer : Buffer.allocUnsafe(bytes);
      const { bytesRead } = await (await this.handle).read(buffer, 0, buffer.length, offset);
      this.chunk = { start: offset, bytes: buffer.subarray(0, bytesRead) };
    }
    const chunk = this.chunk!;
    // A copy: the chunk is reused for the next reads while the caller still holds this one.
    return Buffer.from(chunk.bytes.subarray(offset - chunk.start, offset - chunk.start + bytes));
  }
}
