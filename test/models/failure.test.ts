// What a thrown error becomes in the records: its kind decides whether it is retried.
import { describe, expect, it } from 'vitest';
import { timeBox } from '../../src/models/deadline.js';
import { requestFailure } from '../../src/models/failure.js';
import { AnswerCutOff, ConnectionError } from '../../src/models/http-post.js';

async function kindOf(error: unknown, options: { abort?: boolean } = {}): Promise<string> {
  const controller = new AbortController();
  if (options.abort) controller.abort();
  return timeBox(controller.signal, 10_000, async (boxed) => requestFailure(error, { target: 'POST x', boxed, timeoutMs: 10_000, secrets: [] }).kind);
}

describe('requestFailure', () => {
  it.each([
    ['a refused connection', new ConnectionError('connect ECONNREFUSED 127.0.0.1:9'), 'connection'],
    ['an answer cut off', new AnswerCutOff('closed early'), 'connection'],
    ['a socket error', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'connection'],
    ["fetch's cut body", new TypeError('terminated'), 'connection'],
    ['a body that is not JSON', new SyntaxError('Unexpected token'), 'malformed'],
    ['a fault in gkt itself', new TypeError('reading.pieces is not iterable'), 'internal'],
  ])('%s is %s', async (_name, error, kind) => {
    expect(await kindOf(error)).toBe(kind);
  });

  it('an interrupt wins over whatever the cut request threw', async () => {
    expect(await kindOf(new AnswerCutOff('closed early'), { abort: true })).toBe('aborted');
  });
});
