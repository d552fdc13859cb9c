// An OpenAI-compatible server that answers at once from canned bytes, so that only the client's cost shows; or paced, closing its connections as real servers do.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { readChatBody, readCompletionBody } from '../src/simulate/request-body.js';
import { cannedAnswer, promptTokens, type CannedAnswer } from './instant-responses.js';

/** What the server does with a connection once it has answered on it. */
type Closing =
  /** Kept open (for the whole measurement). */
  | 'never'
  /** As llama.cpp: a streamed answer says `Keep-Alive: timeout=5, max=100`, and then its connection is closed. */
  | 'after-stream'
  /** Every answer says `Connection: close`, and its connection is closed. */
  | 'connection-close'
  /** A connection is closed, unannounced, once it has carried this many requests. */
  | { after: number };

interface InstantHabits {
  closing: Closing;
  /** A streamed answer goes out in this many pieces, one per millisecond, instead of all at once: a server at work. */
  pieces: number;
}

export const INSTANT: InstantHabits = { closing: 'never', pieces: 1 };

/** `after-stream`, `connection-close`, `after:100` or `never`, as instant-server-main takes it. */
export function parseClosing(text: string): Closing {
  if (text === 'never' || text === 'after-stream' || text === 'connection-close') return text;
  const after = /^after:(\d+)$/.exec(text);
  if (after !== null && Number(after[1]) > 0) return { after: Number(after[1]) };
  throw new Error(`--close: "${text}" is not never, after-stream, connection-close or after:N`);
}

function send(res: ServerResponse, status: number, contentType: string, body: Buffer | string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** Writes a stream's bytes in `pieces` parts a millisecond apart. */
function stream(res: ServerResponse, bytes: Buffer, pieces: number): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const size = Math.ceil(bytes.length / pieces);
  const next = (from: number): void => {
    if (res.destroyed) return;
    if (from + size >= bytes.length) {
      res.end(bytes.subarray(from));
      return;
    }
    res.write(bytes.subarray(from, from + size));
    setTimeout(() => next(from + size), 1);
  };
  next(0);
}

/** Announces what happens to the connection after this answer (the `nth` on it), and does it once the answer is sent. */
function close(closing: Closing, res: ServerResponse, socket: Socket, nth: number, streamed: boolean): void {
  if (closing === 'never') return;
  if (closing === 'connection-close') {
    res.setHeader('connection', 'close');
    return;
  }
  if (closing === 'after-stream' ? !streamed : nth < closing.after) return;
  if (closing === 'after-stream') res.setHeader('keep-alive', 'timeout=5, max=100');
  res.once('finish', () => socket.end());
}

export function createInstantServer(habits: InstantHabits = INSTANT): Server {
  const answers = new Map<string, CannedAnswer>();
  const served = new WeakMap<Socket, number>();
  const server = createServer((req, res) => {
    const socket = req.socket;
    const nth = (served.get(socket) ?? 0) + 1;
    served.set(socket, nth);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { prompt?: unknown };
        if (req.url === '/tokenize') {
          const count = promptTokens(typeof body.prompt === 'string' ? body.prompt : '');
          return send(res, 200, 'application/json', JSON.stringify({ count, max_model_len: 4096 }));
        }
        const request = req.url === '/v1/chat/completions' ? readChatBody(body) : readCompletionBody(body);
        const key = `${request.endpoint} ${request.model} ${request.maxTokens} ${request.stream} ${request.logprobs}`;
        let answer = answers.get(key);
        if (answer === undefined) {
          answer = cannedAnswer(request);
          answers.set(key, answer);
        }
        const bytes = answer.bytes(promptTokens(request.prompt));
        close(habits.closing, res, socket, nth, request.stream);
        if (request.stream && habits.pieces > 1) return stream(res, bytes, habits.pieces);
        send(res, 200, answer.contentType, bytes);
      } catch (error) {
        send(res, 400, 'application/json', JSON.stringify({ error: { message: (error as Error).message } }));
      }
    });
  });
  // Keep-alive connections stay open for the whole measurement, unless the habit closes them.
  server.keepAliveTimeout = 120_000;
  return server;
}
