// Failure kinds from HTTP statuses and messages, Retry-After in both forms, and the error's message.
import { describe, expect, it } from 'vitest';
import { RequestError, kindOfStatus, retryAfterMs } from '../../src/models/request-error.js';

describe('kindOfStatus', () => {
  it.each([
    [429, 'Too many requests', 'rate-limited'],
    [500, 'Internal server error', 'server'],
    [502, 'Bad gateway', 'server'],
    [503, 'Service unavailable', 'server'],
    [400, "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens", 'context'],
    [400, 'the request exceeds the available context size, try increasing it', 'context'],
    [422, 'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 4000 `inputs` tokens and 200 `max_new_tokens`', 'context'],
    [422, 'prompt is too long', 'context'],
    [413, 'Input is too long for this model', 'context'],
    [500, 'context shift is disabled and the context size is exceeded', 'context'],
    [400, 'invalid temperature', 'client'],
    [401, 'Incorrect API key provided', 'client'],
    [404, 'model not found', 'client'],
    [408, 'Request timeout', 'timeout'],
    [503, 'context length exceeded on a worker; try again', 'server'],
  ])('%i "%s" is %s', (status, message, kind) => {
    expect(kindOfStatus(status, message)).toBe(kind);
  });
});

describe('retryAfterMs', () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);
  const now = Date.parse('2025-03-01T12:00:00Z');
  it.each([
    ['no header', {}, undefined],
    ['delta seconds', { 'retry-after': '2' }, 2000],
    ['fractional seconds', { 'retry-after': '0.25' }, 250],
    ['an HTTP date in the future', { 'retry-after': 'Sat, 01 Mar 2025 12:00:30 GMT' }, 30_000],
    ['an HTTP date in the past', { 'retry-after': 'Sat, 01 Mar 2025 11:59:00 GMT' }, 0],
    ['negative seconds', { 'retry-after': '-5' }, 0],
    ['garbage', { 'retry-after': 'soon' }, undefined],
    ['empty', { 'retry-after': ' ' }, undefined],
    ['retry-after-ms wins', { 'retry-after-ms': '150', 'retry-after': '9' }, 150],
    ['a bad retry-after-ms falls back', { 'retry-after-ms': 'x', 'retry-after': '1' }, 1000],
  ])('%s', (_name, entries, expected) => {
    expect(retryAfterMs(headers(entries), now)).toBe(expected);
  });

  it('is undefined without headers', () => {
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});

describe('RequestError', () => {
  it('names the target, the reason, and the attempts when more than one', () => {
    const error = new RequestError({ kind: 'server', target: 'POST http://h/v1/completions', reason: 'HTTP 503: busy', status: 503, retryAfterMs: 10 });
    expect(error.message).toBe('POST http://h/v1/completions: HTTP 503: busy');
    expect(error.retryable).toBe(true);
    const counted = error.withAttempts(3);
    expect(counted.message).toBe('POST http://h/v1/completions: HTTP 503: busy after 3 attempts');
    expect(counted).toMatchObject({ kind: 'server', status: 503, retryAfterMs: 10, attempts: 3 });
  });

  it.each([
    ['rate-limited', true],
    ['server', true],
    ['timeout', true],
    ['connection', true],
    ['malformed', true],
    ['context', false],
    ['client', false],
    ['wrong-model', false],
    ['aborted', false],
  ] as const)('%s retryable: %s', (kind, retryable) => {
    expect(new RequestError({ kind, target: 't', reason: 'r' }).retryable).toBe(retryable);
  });
});
