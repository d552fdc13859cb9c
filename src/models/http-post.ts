// POST a JSON body over node:http(s) on kept-alive connections: the transport under the OpenAI-compatible adapter.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';

/** What ends a request: the run's interrupt (its signal), and the request's own deadline (a performance.now() time). */
export interface Limits {
  signal: AbortSignal;
  deadline: number;
}

/** The request's deadline passed: no complete answer within its timeout. */
export class DeadlinePassed extends Error {}

/** The run was interrupted while the request was in flight. */
export class Interrupted extends Error {}

interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
}

const agents = new WeakMap<AbortSignal, Agents>();

/**
 * One pair of agents per run signal, connections kept open between its requests and not capped (the
 * phase's batching decides how many are in flight). An interrupt destroys the agents, and with them every
 * socket in flight: nothing is registered per request, which under load costs more than the request itself.
 */
function agentsFor(signal: AbortSignal): Agents {
  let pair = agents.get(signal);
  if (pair === undefined) {
    const own: Agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
    pair = own;
    agents.set(signal, own);
    signal.addEventListener('abort', () => {
      own.http.destroy();
      own.https.destroy();
    }, { once: true });
  }
  return pair;
}

/** Time left, in whole ms; Node's timers take at most 2^31 − 1 (more would fire at once). */
const remaining = (deadline: number) => Math.min(2 ** 31 - 1, Math.max(1, Math.ceil(deadline - performance.now())));

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
 * The deadline rides on the socket's own timer: armed for the time left when the request is sent and
 * again when the answer begins, and checked with every piece of the body (see `eachPiece`).
 */
export function postJson(address: Address, body: string, headers: Record<string, string>, limits: Limits): Promise<PostReply> {
  return new Promise((resolve, reject) => {
    if (limits.signal.aborted) return reject(new Interrupted('interrupted'));
    const pair = agentsFor(limits.signal);
    const req = (address.secure ? httpsRequest : httpRequest)({
      method: 'POST',
      hostname: address.hostname,
      port: address.port,
      path: address.path,
      agent: address.secure ? pair.https : pair.http,
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
    });
    req.setTimeout(remaining(limits.deadline), () => req.destroy(new DeadlinePassed('no complete answer before the deadline')));
    req.once('response', (res: IncomingMessage) => {
      req.setTimeout(remaining(limits.deadline));
      // A socket kept for the next request carries no timer of this one.
      res.once('end', () => req.setTimeout(0));
      res.setEncoding('utf8');
      resolve({
        status: res.statusCode ?? 0,
        headers: { get: (name) => headerValue(res.headers[name.toLowerCase()]) },
        body: res,
      });
    });
    req.once('error', (error: NodeJS.ErrnoException) => {
      // After the status line, errors reach the body's reader instead; before it, the connection failed.
      if (limits.signal.aborted) return reject(new Interrupted('interrupted', { cause: error }));
      if (error instanceof DeadlinePassed) return reject(error);
      reject(new ConnectionError(error.code ? `${error.message} (${error.code})` : error.message, { cause: error }));
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
 * call, not a promise). Settles when the body ends; rejects when it fails, is cut, `take` throws, or a
 * piece arrives past the deadline (a server that keeps talking past it is cut there).
 */
export function eachPiece(body: Readable, take: (piece: string, now: number) => void, deadline = Infinity): Promise<void> {
  return new Promise((resolve, reject) => {
    let ended = false;
    body.on('data', (piece: string) => {
      const now = performance.now();
      try {
        if (now > deadline) throw new DeadlinePassed('no complete answer before the deadline');
        take(piece, now);
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
export async function readText(body: Readable, deadline = Infinity): Promise<string> {
  let text = '';
  await eachPiece(body, (piece) => {
    text += piece;
  }, deadline);
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
