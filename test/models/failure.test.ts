// What a thrown error becomes in the records: its kind decides whether it is retried.
import { describe, expect, it } from 'vitest';
import { requestFailure } from '../../src/models/failure.js';
import { AnswerCutOff, ConnectionError, DeadlinePassed, Interrupted } from '../../src/models/transport-errors.js';

function kindOf(error: unknown, options: { aborted?: boolean; timedOut?: boolean } = {}): string {
  return requestFailure(error, { target: 'POST x', aborted: options.aborted ?? false, timedOut: options.timedOut ?? false, timeoutMs: 10_000, secrets: [] }).kind;
}

describe('requestFailure', () => {
  it.each([
    ['a refused connection', new ConnectionError('connect ECONNREFUSED 127.0.0.1:9'), 'connection'],
    ['an answer cut off', new AnswerCutOff('closed early'), 'connection'],
    ['a socket error', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'connection'],
    ["undici's cut body", Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }), 'connection'],
    ['a body that is not JSON', new SyntaxError('Unexpected token'), 'malformed'],
    ['a fault in gkt itself', new TypeError('reading.pieces is not iterable'), 'internal'],
    ['a passed deadline', new DeadlinePassed('late'), 'timeout'],
    ['an interrupt', new Interrupted('interrupted'), 'aborted'],
  ])('%s is %s', (_name, error, kind) => {
    expect(kindOf(error)).toBe(kind);
  });

  it('an interrupt, then a passed deadline, wins over whatever the cut request threw', () => {
    expect(kindOf(new AnswerCutOff('closed early'), { aborted: true, timedOut: true })).toBe('aborted');
    expect(kindOf(new AnswerCutOff('closed early'), { timedOut: true })).toBe('timeout');
  });
});
