// A scripted OpenAI-compatible (and Ollama) server on 127.0.0.1 for tests: answers or faults per request, and records what it was sent.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { answer as plainAnswer, splitTokens, type Answer, type Fault, type Reply } from './fake-replies.js';
import { emptyStreamEvents, streamEvents, wholeBody, type GenerationRoute, type StreamEvent } from './fake-render.js';

export type Route = GenerationRoute | 'models' | 'tags' | 'tokenize' | 'unknown';

export interface FakeRequest {
  route: Route;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; null when there was none or it did not parse. */
  body: any;
  raw: string;
  /** performance.now() when the request had been read. */
  receivedAt: number;
}

/** Answers generation requests; `n` counts them from 1 over the server's life (restarts included). */
export type Script = (request: FakeRequest, n: number) => Reply | Promise<Reply>;
/** Faults for the listing and tokenize routes; undefined answers them normally. `n` counts those requests from 1. */
export type ProbeScript = (request: FakeRequest, n: number) => Fault | undefined;

/** What the server does with a connection once it has answered on it: real servers differ, and clients must cope with each. */
export type ConnectionHabit =
  /** Kept open for the next request (Node's default). */
  | 'keep'
  /** llama.cpp: a streamed answer says `Keep-Alive: timeout=5, max=100`, and then its connection is closed. */
  | 'close-after-stream'
  /** Every answer says `Connection: close`, and its connection is closed. */
  | 'connection-close'
  /** A connection is closed, unannounced, once it has carried this many requests. */
  | { closeAfter: number }
  /**
   * A connection dies between two requests, too late for the client to see: the next request on it is
   * dropped unanswered (the connection reset), as when a server's close crosses that request on the wire.
   */
  | 'drop-reused';

export interface FakeOptions {
  /** The model id served and named in answers. */
  model: string;
  connections?: ConnectionHabit;
  /** More ids /v1/models and /api/tags list. */
  alsoServes?: string[];
  /** Listed as vLLM's `max_model_len` when given. */
  maxModelLen?: number;
  /** As llama.cpp: the model listing answers at the root's /models as well as at /v1/models. */
  listsAtRoot?: boolean;
  answer?: Script;
  probe?: ProbeScript;
  /** More JSON routes answered as given, by `METHOD /path`, e.g. llama.cpp's `GET /props` or TGI's `GET /info`. */
  routes?: Record<string, unknown>;
}

export interface FakeOpenAi {
  /** Base URL of the OpenAI-style API, ending in /v1. */
  url: string;
  /** The server's root, where Ollama's /api routes and /tokenize live. */
  root: string;
  port: number;
  /** Every request received, in order; requests dropped by the `drop-reused` habit are not received. */
  requests: FakeRequest[];
  /** Connections accepted so far. */
  connections(): number;
  /** Requests dropped unanswered on a connection that had already answered (the `drop-reused` habit). */
  dropped(): number;
  /** Requests to one route (all routes when none is given). */
  received(route?: Route): FakeRequest[];
  /** Replaces the script from the next request on, e.g. between phases. */
  setAnswer(script: Script): void;
  setProbe(probe: ProbeScript | undefined): void;
  /** Stops listening and drops every open connection, as a crashed server would; the port stays known. */
  kill(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const GENERATION: Record<string, GenerationRoute> = {
  'POST /v1/completions': 'completions',
  'POST /v1/chat/completions': 'chat',
  'POST /api/generate': 'generate',
};
const LISTING: Record<string, Route> = { 'GET /v1/models': 'models', 'GET /api/tags': 'tags', 'POST /tokenize': 'tokenize' };

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

export async function startFakeOpenAi(options: FakeOptions): Promise<FakeOpenAi> {
  let script: Script = options.answer ?? (() => plainAnswer('The answer is 42.'));
  let probe = options.probe;
  const requests: FakeRequest[] = [];
  let generations = 0;
  let probes = 0;
  let connections = 0;
  let dropped = 0;
  const habit = options.connections ?? 'keep';
  const served = new WeakMap<Socket, number>();

  const server = createServer((req, res) => {
    res.on('error', () => undefined);
    const socket = req.socket;
    const before = served.get(socket) ?? 0;
    if (habit === 'drop-reused' && before > 0) {
      dropped++;
      socket.resetAndDestroy();
      return;
    }
    served.set(socket, before + 1);
    keepHabit(habit, res, socket, before + 1);
    void readRequest(req, options.listsAtRoot === true).then(async (request) => {
      requests.push(request);
      if (request.route === 'completions' || request.route === 'chat' || request.route === 'generate') {
        const reply = await script(request, ++generations);
        await send(reply, request, request.route, res, options.model);
      } else if (options.routes?.[`${request.method} ${request.path}`] !== undefined) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(options.routes[`${request.method} ${request.path}`]));
      } else if (request.route !== 'unknown') {
        const failure = probe?.(request, ++probes);
        if (failure) await sendFault(failure, request, request.route, res, options.model);
        else listing(request, res, options);
      } else {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${request.method} ${request.path}` } }));
      }
    }).catch((error: unknown) => {
      // A script that throws answers 500 with its message, so the test fails on it rather than on a stray rejection.
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `fake script failed: ${String(error)}` } }));
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const root = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });

  return {
    url: `${root}/v1`,
    root,
    port,
    requests,
    connections: () => connections,
    dropped: () => dropped,
    received: (route) => requests.filter((r) => route === undefined || r.route === route),
    setAnswer: (next) => {
      script = next;
    },
    setProbe: (next) => {
      probe = next;
    },
    kill: stop,
    restart: () => new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    }),
    close: stop,
  };
}

/** Announces and applies what happens to the connection once this answer (the `nth` on it) is sent. */
function keepHabit(habit: ConnectionHabit, res: ServerResponse, socket: Socket, nth: number): void {
  if (habit === 'keep' || habit === 'drop-reused') return;
  if (habit === 'connection-close') {
    res.setHeader('connection', 'close');
    return;
  }
  if (habit === 'close-after-stream') res.setHeader('keep-alive', 'timeout=5, max=100');
  res.once('finish', () => {
    const streamed = /^(text\/event-stream|application\/x-ndjson)/.test(String(res.getHeader('content-type') ?? ''));
    if (habit === 'close-after-stream' ? streamed : nth >= habit.closeAfter) socket.end();
  });
}

async function readRequest(req: IncomingMessage, listsAtRoot: boolean): Promise<FakeRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  try {
    body = raw === '' ? null : JSON.parse(raw);
  } catch {
    body = null;
  }
  const method = req.method ?? 'GET';
  const path = (req.url ?? '/').split('?')[0]!;
  const key = `${method} ${path}`;
  const route = GENERATION[key] ?? LISTING[key] ?? (listsAtRoot && key === 'GET /models' ? 'models' : 'unknown');
  return { route, method, path, headers: req.headers, body, raw, receivedAt: performance.now() };
}

function listing(request: FakeRequest, res: ServerResponse, options: FakeOptions): void {
  const ids = [options.model, ...(options.alsoServes ?? [])];
  let body: unknown;
  if (request.route === 'models') {
    body = { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake', ...(options.maxModelLen ? { max_model_len: options.maxModelLen } : {}) })) };
  } else if (request.route === 'tags') {
    body = { models: ids.map((name) => ({ name, model: name, size: 1 })) };
  } else {
    const text = String(request.body?.prompt ?? request.body?.content ?? '');
    const tokens = splitTokens(text).map((_, i) => 100 + i);
    body = { tokens, count: tokens.length, ...(options.maxModelLen ? { max_model_len: options.maxModelLen } : {}) };
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function send(reply: Reply, request: FakeRequest, route: GenerationRoute, res: ServerResponse, served: string): Promise<void> {
  if (reply.type !== 'answer') return sendFault(reply, request, route, res, served);
  await sleep(reply.delayMs);
  if (res.destroyed) return;
  const shaping = { route, body: (request.body ?? {}) as Record<string, unknown>, model: reply.model ?? served };
  if (request.body?.stream === true) return sendStream(streamEvents(reply, shaping), route, res, reply);
  const text = JSON.stringify(wholeBody(reply, shaping));
  if (reply.cut === undefined) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(text);
    return;
  }
  const whole = Buffer.from(text, 'utf8');
  const half = whole.subarray(0, Math.floor(whole.length / 2));
  const then = reply.cut.then;
  res.writeHead(200, { 'content-type': 'application/json', ...(then === 'end' ? {} : { 'content-length': String(whole.length) }) });
  res.write(half, () => {
    if (then === 'reset') res.destroy();
    if (then === 'end') res.end();
  });
}

async function sendStream(events: StreamEvent[], route: GenerationRoute, res: ServerResponse, reply: Answer | null): Promise<void> {
  const ndjson = route === 'generate';
  res.writeHead(200, { 'content-type': ndjson ? 'application/x-ndjson' : 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
  const frame = (data: unknown) => (ndjson ? `${typeof data === 'string' ? data : JSON.stringify(data)}\n` : `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  for (const event of events) {
    if (reply?.cut !== undefined && event.tokensSent > reply.cut.afterTokens) return cutStream(res, reply.cut.then);
    if (res.destroyed) return;
    res.write(frame(event.data));
    await sleep(reply?.chunkDelayMs ?? 0);
  }
  if (reply?.cut !== undefined) return cutStream(res, reply.cut.then);
  if (!res.destroyed) res.end(ndjson ? '' : frame('[DONE]'));
}

function cutStream(res: ServerResponse, then: 'reset' | 'hang' | 'end'): void {
  if (then === 'reset') res.destroy();
  else if (then === 'end') res.end();
}

async function sendFault(failure: Fault, request: FakeRequest, route: Route, res: ServerResponse, served: string): Promise<void> {
  const streamed = request.body?.stream === true;
  const native = route === 'generate' || route === 'tags';
  switch (failure.type) {
    case 'status': {
      const body = failure.body ?? (native ? { error: failure.message } : { error: { message: failure.message, type: 'fake_error', code: failure.status } });
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(failure.status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...failure.headers }).end(text);
      return;
    }
    case 'reset':
      if (failure.at === 'before-headers') {
        res.socket?.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': streamed ? 'text/event-stream' : 'application/json' });
      res.flushHeaders();
      await sleep(20);
      res.destroy();
      return;
    case 'hang':
      return;
    case 'malformed':
      if (streamed) return sendStream([{ data: failure.body, tokensSent: 0 }], route as GenerationRoute, res, null);
      res.writeHead(200, { 'content-type': 'application/json' }).end(failure.body);
      return;
    case 'empty-choices': {
      const shaping = { route: route as GenerationRoute, body: {}, model: served };
      if (route === 'generate') return sendStream([{ data: { model: served }, tokensSent: 0 }], route, res, null);
      if (streamed) return sendStream(emptyStreamEvents(shaping), route as GenerationRoute, res, null);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'fake-1', object: 'text_completion', model: served, choices: [] }));
      return;
    }
  }
}
