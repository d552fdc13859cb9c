// The one HTTP path: events and lines read however the body is cut, addresses, kept-alive connections, raw answers.
import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { eachEvent, eachLine, readText, type ServerEvent } from '../../src/models/body-reading.js';
import { buildModelApi } from '../../src/models/build.js';
import { closeConnections } from '../../src/models/connection-owners.js';
import { parseAddress } from '../../src/models/transport.js';
import { answer, fault } from '../helpers/fake-replies.js';
import { endpoint, failureOf, never, request, withFake } from './helpers.js';

/** A body that arrives in the given pieces of bytes. */
const body = (...pieces: Buffer[]) => Readable.from(pieces, { objectMode: false });

async function eventsOf(...pieces: Buffer[]): Promise<Array<{ event: string | null; data: string }>> {
  const events: ServerEvent[] = [];
  await eachEvent(body(...pieces), (event) => events.push(event));
  return events.map((e) => ({ event: e.event ?? null, data: e.data }));
}

describe('eachEvent', () => {
  const stream = 'data: {"a":"é€"}\n\n: a comment\n\nevent: error\ndata: {"b":\ndata: 2}\n\ndata: [DONE]\n\n';
  const events = [
    { event: null, data: '{"a":"é€"}' },
    { event: 'error', data: '{"b":\n2}' },
    { event: null, data: '[DONE]' },
  ];

  it('reads the same events however the stream is cut, inside a UTF-8 character included', async () => {
    const bytes = Buffer.from(stream, 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(await eventsOf(bytes.subarray(0, cut), bytes.subarray(cut))).toEqual(events);
    }
  });

  it('reads CRLF and CR line ends, a CRLF cut between its two halves included', async () => {
    const crlf = Buffer.from(stream.replaceAll('\n', '\r\n'), 'utf8');
    for (let cut = 0; cut <= crlf.length; cut++) {
      expect(await eventsOf(crlf.subarray(0, cut), crlf.subarray(cut))).toEqual(events);
    }
    expect(await eventsOf(Buffer.from(stream.replaceAll('\n', '\r'), 'utf8'))).toEqual(events);
  });

  it('gives the last event even without its blank line', async () => {
    expect(await eventsOf(Buffer.from('data: x'))).toEqual([{ event: null, data: 'x' }]);
    expect(await eventsOf(Buffer.from('data: x\n'))).toEqual([{ event: null, data: 'x' }]);
  });
});

describe('eachLine and readText', () => {
  it('read JSON lines and text whole however the bytes are cut', async () => {
    const bytes = Buffer.from('{"response":"ü"}\n\n{"done":true}', 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const lines: string[] = [];
      await eachLine(body(bytes.subarray(0, cut), bytes.subarray(cut)), (line) => lines.push(line));
      expect(lines).toEqual(['{"response":"ü"}', '{"done":true}']);
      expect(await readText(body(bytes.subarray(0, cut), bytes.subarray(cut)))).toBe(bytes.toString('utf8'));
    }
  });
});

describe('parseAddress', () => {
  it.each([
    ['http://127.0.0.1:8000/v1/completions', { origin: 'http://127.0.0.1:8000', path: '/v1/completions' }],
    ['https://api.openai.com/v1/chat/completions', { origin: 'https://api.openai.com', path: '/v1/chat/completions' }],
    ['http://[::1]/v1/completions?x=1', { origin: 'http://[::1]', path: '/v1/completions?x=1' }],
  ])('%s', (url, expected) => {
    expect(parseAddress(url)).toEqual(expected);
  });
});

describe('connections', () => {
  it('are kept open: many requests, one after another, share two connections', async () => {
    let connections = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const body = JSON.stringify({ model: 'fake-model', choices: [{ text: ' 42', finish_reason: 'length' }], usage: { prompt_tokens: 3, completion_tokens: 1 } });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body);
      });
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const api = buildModelApi(endpoint({ kind: 'generic', urls: [`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`] }), { cacheDir: null, retry: { attempts: 1 } });
      for (let i = 0; i < 20; i++) expect((await api.generate(request({ seed: i }), never)).text).toBe(' 42');
      // undici looks at an idle connection before it reuses it (has the server closed it?), and
      // meanwhile sends the next request on another one: two, taken in turns.
      expect(connections).toBeLessThanOrEqual(2);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the connections of one signal', () => {
  it('carry one listener on it however many requests went out, and are all closed by whoever made it', async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ model: 'fake-model', choices: [{ text: ' 42', finish_reason: 'length' }] })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const open = () => new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
    const run = new AbortController();
    try {
      const api = buildModelApi(endpoint({ kind: 'generic', urls: [`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`] }), { cacheDir: null, retry: { attempts: 1 } });
      for (let round = 0; round < 2; round++) {
        await Promise.all(Array.from({ length: 8 }, (_, seed) => api.generate(request({ seed }), run.signal)));
        expect(getEventListeners(run.signal, 'abort')).toHaveLength(1);
        expect(await open()).toBeGreaterThan(0);
        await closeConnections(run.signal);
        expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
        for (let waited = 0; (await open()) > 0 && waited < 1000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
        // Closed, not left to time out; and the next round under the same signal opens new ones.
        expect(await open()).toBe(0);
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

/** A server that answers every request with the same raw status, headers and body. */
async function rawServer(status: number, headers: Record<string, string>, body: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(status, headers);
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
}

describe('answers read without the SDK', () => {
  const sse = { 'content-type': 'text/event-stream' };
  it.each([
    ['a stream chunk that is not an object', 200, sse, 'data: [1, 2]\n\n', 'malformed', /a stream chunk is not a JSON object/],
    ['an error event mid-stream', 200, sse, 'data: {"choices":[{"text":" a"}]}\n\nevent: error\ndata: {"error":{"message":"out of memory","code":500}}\n\n', 'server', /mid-stream: out of memory/],
    ['an error chunk mid-stream', 200, sse, 'data: {"error":{"message":"engine dead"}}\n\n', 'server', /mid-stream: engine dead/],
    ['vLLM\'s top-level message on a 400', 400, { 'content-type': 'application/json' }, '{"object":"error","message":"This model\'s maximum context length is 4096 tokens"}', 'context', /HTTP 400: This model's maximum context length/],
    ['a whole body that is not an object', 200, { 'content-type': 'application/json' }, '"text"', 'malformed', /the response is not a JSON object/],
  ])('%s', async (_name, status, headers, body, kind, reason) => {
    const { url, server } = await rawServer(status, headers, body);
    try {
      const api = buildModelApi(endpoint({ kind: 'generic', urls: [url] }), { cacheDir: null, retry: { attempts: 1 } });
      const error = await failureOf(api.generate(request({ stream: headers === sse }), never));
      expect(error.kind).toBe(kind);
      expect(error.message).toMatch(reason);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('takes the wait a 429 asks for from Retry-After', async () => {
    const { url, server } = await rawServer(429, { 'content-type': 'application/json', 'retry-after': '7' }, '{"error":{"message":"slow down"}}');
    try {
      const api = buildModelApi(endpoint({ kind: 'generic', urls: [url] }), { cacheDir: null, retry: { attempts: 1 } });
      const error = await failureOf(api.generate(request(), never));
      expect(error).toMatchObject({ kind: 'rate-limited', retryAfterMs: 7000 });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('deadlines and interrupts', () => {
  it('cuts a server that keeps talking past the deadline, though it never falls silent for long', async () => {
    await withFake({ answer: () => answer(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '), { chunkDelayMs: 25 }) }, async (fake) => {
      const api = buildModelApi(endpoint({ kind: 'generic', urls: [fake.url], timeoutMs: 300 }), { cacheDir: null, retry: { attempts: 1 } });
      const started = performance.now();
      const error = await failureOf(api.generate(request({ stream: true }), never));
      expect(error.kind).toBe('timeout');
      expect(performance.now() - started).toBeLessThan(900);
    });
  });

  it('ends every request in flight when the run is interrupted, and sends none after', async () => {
    await withFake({ answer: () => fault.hang() }, async (fake) => {
      const controller = new AbortController();
      const api = buildModelApi(endpoint({ kind: 'generic', urls: [fake.url], timeoutMs: 60_000 }), { cacheDir: null, retry: { attempts: 1 } });
      const inFlight = [1, 2, 3].map((seed) => failureOf(api.generate(request({ seed }), controller.signal)));
      while (fake.received('completions').length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
      for (const error of await Promise.all(inFlight)) expect(error.kind).toBe('aborted');
      expect((await failureOf(api.generate(request(), controller.signal))).kind).toBe('aborted');
      expect(fake.received('completions')).toHaveLength(3);
    });
  });
});
