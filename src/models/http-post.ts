// POST a JSON body over node:http(s) on kept-alive connections: the transport under the OpenAI-compatible adapter.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';

/**
 * One agent per protocol for the whole process, connections kept open between requests. Sockets are
 * not capped: the phase's batching already decides how many requests are in flight.
 */
const AGENTS = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

export interface PostReply {
  status: number;
  headers: { get(name: string): string | null };
  /** The body, decoded as UTF-8: read it with `eachPiece` or `readText`. */
  body: Readable;
}

/** A request that never got an answer: refused, reset or dropped before the status line. */
export class ConnectionError extends Error {}

/** An answer whose connection closed before its end. */
export class AnswerCutOff extends Error {}

/** Where requests go, parsed once per endpoint rather than once per request. */
export interface Address {
  secure: boolean;
  hostname: string;
  port: number;
  path: string;
}

/**
 * The server's root, where routes outside the OpenAI API live (Ollama's /api, /tokenize): a base URL
 * is given with or without its `/v1`, e.g. `http://host:11434/v1` or `http://host:11434`.
 */
export function serverRoot(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/v1$/, '');
}

export function parseAddress(url: string): Address {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'https:';
  return {
    secure,
    // An IPv6 literal comes bracketed in a URL, bare in a socket address.
    hostname: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port === '' ? (secure ? 443 : 80) : Number(parsed.port),
    path: `${parsed.pathname}${parsed.search}`,
  };
}

/**
 * `onCancel` is told how to end the request; ending it destroys the socket, which also ends a body
 * being read. (No AbortSignal per request: adding and removing its listeners costs more than the rest.)
 */
export function postJson(
  address: Address,
  body: string,
  headers: Record<string, string>,
  onCancel: (cancel: (reason: unknown) => void) => void,
): Promise<PostReply> {
  return new Promise((resolve, reject) => {
    let cancelled = false;
    const req = (address.secure ? httpsRequest : httpRequest)({
      method: 'POST',
      hostname: address.hostname,
      port: address.port,
      path: address.path,
      agent: address.secure ? AGENTS.https : AGENTS.http,
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
    });
    onCancel((reason) => {
      cancelled = true;
      req.destroy(reason instanceof Error ? reason : new Error('cancelled'));
    });
    req.once('response', (res: IncomingMessage) => {
      res.setEncoding('utf8');
      resolve({
        status: res.statusCode ?? 0,
        headers: { get: (name) => headerValue(res.headers[name.toLowerCase()]) },
        body: res,
      });
    });
    req.once('error', (error: NodeJS.ErrnoException) => {
      // After the status line, errors reach the body's reader instead; before it, the connection failed.
      reject(cancelled ? error : new ConnectionError(error.code ? `${error.message} (${error.code})` : error.message, { cause: error }));
    });
    req.end(body);
  });
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Hands each piece of a body to `take` as it arrives (events, not an async iterator: a piece costs one
 * call, not a promise). Settles when the body ends; rejects when it fails, is cut, or `take` throws.
 */
export function eachPiece(body: Readable, take: (piece: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let ended = false;
    body.on('data', (piece: string) => {
      try {
        take(piece);
      } catch (error) {
        body.destroy();
        reject(error as Error);
      }
    });
    body.once('end', () => {
      ended = true;
      resolve();
    });
    body.once('error', reject);
    body.once('close', () => {
      if (!ended) reject(new AnswerCutOff('the connection closed before the end of the answer'));
    });
  });
}

/** Reads a body to its end. */
export async function readText(body: Readable): Promise<string> {
  let text = '';
  await eachPiece(body, (piece) => {
    text += piece;
  });
  return text;
}

/** One server-sent event: its `event:` name (null when none) and its `data:` lines joined. */
export interface ServerEvent {
  event: string | null;
  data: string;
}

/**
 * Splits an event stream into events as its pieces arrive. Each byte is scanned once however the
 * stream is cut, so a fast server that sends many events in one piece costs no more than a slow one.
 */
export class EventSplitter {
  private pending = '';

  /** The events a piece completes. */
  push(piece: string): ServerEvent[] {
    this.pending += piece;
    if (this.pending.includes('\r')) {
      // Line ends may be CRLF or CR; a CR at the very end may be the first half of a CRLF cut in two.
      const held = this.pending.endsWith('\r');
      this.pending = (held ? this.pending.slice(0, -1) : this.pending).replace(/\r\n?/g, '\n') + (held ? '\r' : '');
    }
    const events: ServerEvent[] = [];
    let from = 0;
    for (let end = this.pending.indexOf('\n\n'); end !== -1; end = this.pending.indexOf('\n\n', from)) {
      const event = parseEvent(this.pending.slice(from, end));
      from = end + 2;
      if (event !== null) events.push(event);
    }
    this.pending = this.pending.slice(from);
    return events;
  }

  /** An event the stream ended in without its blank line. */
  end(): ServerEvent[] {
    const last = parseEvent(this.pending.replace(/\r$/, ''));
    this.pending = '';
    return last === null ? [] : [last];
  }
}

function parseEvent(block: string): ServerEvent | null {
  // What servers send nearly every time, read without splitting: one `data:` line.
  if (block.startsWith('data: ') && block.indexOf('\n') === -1) return { event: null, data: block.slice(6) };
  let event: string | null = null;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(line[colon + 1] === ' ' ? colon + 2 : colon + 1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
  }
  return data.length === 0 && event === null ? null : { event, data: data.join('\n') };
}
