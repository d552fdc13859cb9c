// The one HTTP path to model servers (generations, probes, tokenize): undici on the run's connections, each request under its deadline and the run's interrupt.
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { connectionsFor, isStaleConnection } from './connections.js';
import { ConnectionError, DeadlinePassed, Interrupted } from './transport-errors.js';

/** What ends a request: the run's interrupt (its signal), and the request's own deadline (a performance.now() time). */
interface Limits {
  signal: AbortSignal;
  deadline: number;
}

/** Where requests go, parsed once per endpoint rather than once per request. */
export interface Address {
  /** `http://127.0.0.1:8000`. */
  origin: string;
  /** `/v1/completions`, with its query if any. */
  path: string;
}

/**
 * The server's root, where routes outside the OpenAI API live (Ollama's /api, /tokenize): a base URL
 * is given with or without its `/v1`, e.g. `http://host:11434/v1` or `http://host:11434`.
 */
export function serverRoot(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/v1$/, '');
}

/** Throws on a URL that does not parse. Credentials never reach here: they were taken out of the URL (credentials.ts). */
export function parseAddress(url: string): Address {
  const parsed = new URL(url);
  return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
}

interface Sending {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** JSON text, sent with its content type. */
  body?: string;
}

export interface Reply {
  status: number;
  headers: { get(name: string): string | null };
  /** The body as it arrives, in bytes: read it with body-reading.ts, which decodes UTF-8 across pieces. */
  body: Readable;
}

/**
 * How often one request is sent again at once because the kept-alive connection it went out on had been
 * closed by the server: each time a dead connection leaves the pool, so a few suffice, and a server that
 * resets every connection still ends in an ordinary, counted failure.
 */
export const STALE_RESENDS = 3;

/** Told of each request sent again on another connection (tests and the benchmark count them). */
export type StaleListener = (address: Address) => void;

/**
 * Sends one request and resolves with its status and headers once they arrive. A kept-alive connection
 * that turns out closed before any byte of the answer came back costs no attempt and no backoff: the
 * request goes out again at once on another connection, up to STALE_RESENDS times.
 */
export async function send(address: Address, sending: Sending, limits: Limits, onStale?: StaleListener): Promise<Reply> {
  for (let resent = 0; ; resent++) {
    try {
      return await sendOnce(address, sending, limits);
    } catch (error) {
      if (limits.signal.aborted) throw new Interrupted('interrupted', { cause: error });
      if (resent < STALE_RESENDS && isStaleConnection(error) && performance.now() < limits.deadline) {
        onStale?.(address);
        continue;
      }
      throw failedToSend(error);
    }
  }
}

/** Time left, in whole ms; at least 1, since undici reads 0 as no timeout at all. */
const remaining = (deadline: number) => Math.min(2 ** 31 - 1, Math.max(1, Math.ceil(deadline - performance.now())));

async function sendOnce(address: Address, sending: Sending, limits: Limits): Promise<Reply> {
  if (limits.signal.aborted) throw new Interrupted('interrupted');
  // The deadline bounds the wait for the headers and every silence in the body; the body's readers
  // check it with each piece as well, so a server that keeps talking past it is cut there too.
  const left = remaining(limits.deadline);
  const response = await connectionsFor(limits.signal).request({
    origin: address.origin,
    path: address.path,
    method: sending.method,
    headers: sending.body === undefined ? sending.headers : { ...sending.headers, 'content-type': 'application/json' },
    body: sending.body ?? null,
    headersTimeout: left,
    bodyTimeout: left,
  });
  const headers = response.headers;
  return {
    status: response.statusCode,
    headers: { get: (name) => headerValue(headers[name.toLowerCase()]) },
    body: response.body,
  };
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A request that got no status line: its deadline passed, or the connection failed (refused, reset, unreachable). */
function failedToSend(error: unknown): Error {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return new DeadlinePassed('no complete answer before the deadline', { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  const text = typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
  return new ConnectionError(text, { cause: error, refused: code === 'ECONNREFUSED' });
}
