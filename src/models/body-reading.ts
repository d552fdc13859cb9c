// Reading an answer's body as it arrives: decoded pieces, the whole text, server-sent events, or JSON lines; each under the request's deadline.
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { AnswerCutOff, DeadlinePassed } from './transport-errors.js';

/**
 * Hands each piece of a body to `take`, decoded as UTF-8 (a character split between two pieces is
 * held until its end arrives), as it arrives: events, not an async iterator, so a piece costs one
 * call, not a promise. Settles when the body ends; rejects when it fails, is cut, `take` throws, or a
 * piece arrives past the deadline (a server that keeps talking past it is cut there).
 */
function eachPiece(body: Readable, take: (piece: string, now: number) => void, deadline = Infinity): Promise<void> {
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    let ended = false;
    const fail = (error: Error) => {
      body.destroy();
      reject(error);
    };
    body.on('data', (bytes: Buffer) => {
      const now = performance.now();
      try {
        if (now > deadline) throw new DeadlinePassed('no complete answer before the deadline');
        const piece = decoder.write(bytes);
        if (piece !== '') take(piece, now);
      } catch (error) {
        fail(error as Error);
      }
    });
    body.once('end', () => {
      ended = true;
      try {
        const rest = decoder.end();
        if (rest !== '') take(rest, performance.now());
        resolve();
      } catch (error) {
        reject(error as Error);
      }
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

/** One server-sent event: its `event:` name (undefined when none) and its `data:` lines joined. */
export type ServerEvent = Pick<EventSourceMessage, 'event' | 'data'>;

/**
 * Hands each server-sent event to `take` with the time its last piece arrived. An event the stream
 * ends in without its blank line is still given: some servers end that way, and the answer is whole.
 */
export async function eachEvent(body: Readable, take: (event: ServerEvent, now: number) => void, deadline = Infinity): Promise<void> {
  let at = 0;
  const parser = createParser({ onEvent: (event) => take(event, at) });
  await eachPiece(body, (piece, now) => {
    at = now;
    parser.feed(piece);
  }, deadline);
  at = performance.now();
  parser.feed('\n\n');
}

/** Hands each non-blank line of a JSON-lines body (Ollama's stream) to `take`; a last line without its newline included. */
export async function eachLine(body: Readable, take: (line: string, now: number) => void, deadline = Infinity): Promise<void> {
  let pending = '';
  await eachPiece(body, (piece, now) => {
    pending += piece;
    let from = 0;
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n', from)) {
      const line = pending.slice(from, end);
      from = end + 1;
      if (line.trim() !== '') take(line, now);
    }
    pending = pending.slice(from);
  }, deadline);
  if (pending.trim() !== '') take(pending, performance.now());
}
