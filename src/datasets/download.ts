// GET one file with a timeout and bounded retries; it resolves only to bytes whose sha256 is the pinned one.
import { setTimeout as sleep } from 'node:timers/promises';
import { GktError, StoppedError } from '../util/errors.js';
import { sha256 } from '../util/hash.js';

export interface DownloadOptions {
  fetch: typeof fetch;
  /** Per attempt, covering the response and its whole body. */
  timeoutMs: number;
  attempts: number;
  /** Wait before the second attempt; doubled before each later one. */
  retryDelayMs: number;
  signal?: AbortSignal;
  log: (line: string) => void;
}

export interface ExpectedFile {
  sha256: string;
  bytes: number;
}

type Attempt = { ok: true; bytes: Buffer } | { ok: false; reason: string; retry: boolean };

/** Throws GktError naming the URL and the last failure, or StoppedError when `signal` aborts. */
export async function downloadVerified(url: string, expected: ExpectedFile, options: DownloadOptions): Promise<Buffer> {
  for (let attempt = 1; ; attempt++) {
    const result = await tryOnce(url, expected, options);
    if (result.ok) return result.bytes;
    if (!result.retry || attempt >= options.attempts) {
      const tries = attempt > 1 ? ` after ${attempt} attempts` : '';
      throw new GktError(`GET ${url}: ${result.reason}${tries}`);
    }
    const delay = options.retryDelayMs * 2 ** (attempt - 1);
    options.log(`GET ${url}: ${result.reason}; retrying in ${seconds(delay)} (attempt ${attempt + 1} of ${options.attempts})`);
    try {
      await sleep(delay, undefined, { signal: options.signal });
    } catch (error) {
      throw stopped(url, error);
    }
  }
}

async function tryOnce(url: string, expected: ExpectedFile, options: DownloadOptions): Promise<Attempt> {
  if (options.signal?.aborted) throw stopped(url, options.signal.reason);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let bytes: Buffer;
  try {
    const response = await options.fetch(url, { signal, redirect: 'follow' });
    if (!response.ok) {
      await response.body?.cancel();
      const status = `${response.status} ${response.statusText}`.trim();
      return { ok: false, reason: status, retry: response.status === 408 || response.status === 429 || response.status >= 500 };
    }
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    if (options.signal?.aborted) throw stopped(url, error);
    if (timeout.aborted) return { ok: false, reason: `no complete response within ${seconds(options.timeoutMs)}`, retry: true };
    return { ok: false, reason: describe(error), retry: true };
  }
  const actual = sha256(bytes);
  if (actual === expected.sha256) return { ok: true, bytes };
  const sizes = bytes.length === expected.bytes ? '' : ` (${bytes.length} bytes, expected ${expected.bytes})`;
  // A short body is a broken transfer worth repeating; a whole body with other bytes is a different file.
  return { ok: false, reason: `sha256 is ${actual}, expected ${expected.sha256}${sizes}`, retry: bytes.length < expected.bytes };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as (Error & { code?: string }) | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail ? `${error.message} (${detail})` : error.message;
}

function stopped(url: string, cause: unknown): StoppedError {
  return new StoppedError(`GET ${url}: stopped; nothing written`, 130, { cause });
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
