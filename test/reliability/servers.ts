// Servers inside the test process: the simulator on port 0, and a proxy in front of it that sees every request.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseProfile, type SimulatorProfile } from '../../src/simulate/profile.js';
import { startSimulator, type RunningSimulator } from '../../src/simulate/server.js';
import { GSM8K_MINI } from './helpers.js';

/** A simulator knowing the gsm8k fixture; its profile is returned too (the server reads `faults` on each request). */
export async function simulator(fields: Record<string, unknown>): Promise<RunningSimulator & { profile: SimulatorProfile }> {
  const profile = parseProfile({ datasets: [{ name: 'gsm8k', path: GSM8K_MINI }], contextLength: 4096, ...fields }, 'test profile');
  return { ...(await startSimulator(profile, { port: 0 })), profile };
}

export interface Exchange {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** How it ended: `answered` (the whole response was sent) or `cut` (a side left first); null while open. */
  outcome: 'answered' | 'cut' | null;
  status: number | null;
  /** It came on a connection that had carried an earlier request. */
  reused: boolean;
}

export interface Proxy {
  /** Base URL, ending in `/v1` like the simulator's. */
  url: string;
  exchanges: Exchange[];
  /** Generation requests (completions or chat) seen so far. */
  generations(): Exchange[];
  /**
   * Generation requests less those cut with no answer on a kept-alive connection: gkt cannot tell them
   * from a connection the server had closed, and sends them again at once without counting an attempt.
   */
  attempts(): Exchange[];
  /** From now on, generation requests wait here (unanswered) until `release()`. */
  hold(): void;
  release(): void;
  /** Connections a client holds open to the proxy now. */
  openConnections(): Promise<number>;
  close(): Promise<void>;
}

const isGeneration = (e: Pick<Exchange, 'method' | 'path'>): boolean => e.method === 'POST' && /\/(chat\/)?completions$/.test(e.path);

/** Answers a generation request in the upstream's place (`index` counts them from 0), or null to forward it. */
export type Intercept = (exchange: Exchange, index: number) => { status: number; body: unknown } | null;

/** Forwards everything to `target` (a `.../v1` URL) unchanged, noting each request and how it ended. */
export async function proxy(target: string, intercept?: Intercept): Promise<Proxy> {
  const upstream = new URL(target);
  const exchanges: Exchange[] = [];
  let held: Array<() => void> | null = null;
  const carried = new WeakMap<object, number>();
  const server = createServer((req, res) => {
    const before = carried.get(req.socket) ?? 0;
    carried.set(req.socket, before + 1);
    const exchange: Exchange = { method: req.method ?? '', path: req.url ?? '', headers: { ...req.headers }, outcome: null, status: null, reused: before > 0 };
    exchanges.push(exchange);
    res.on('close', () => {
      exchange.outcome = res.writableFinished ? 'answered' : 'cut';
    });
    const answer = isGeneration(exchange) && intercept ? intercept(exchange, exchanges.filter(isGeneration).length - 1) : null;
    if (answer !== null) {
      exchange.status = answer.status;
      req.resume();
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
      return;
    }
    if (held !== null && isGeneration(exchange)) {
      req.pause();
      held.push(() => forward(req, res, exchange));
      return;
    }
    forward(req, res, exchange);
  });
  const forward = (req: IncomingMessage, res: ServerResponse, exchange: Exchange): void => {
    if (res.destroyed) return;
    const up = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (upRes) => {
        exchange.status = upRes.statusCode ?? null;
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
        upRes.on('error', () => res.destroy());
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
    res.on('close', () => {
      if (!res.writableFinished) up.destroy();
    });
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    exchanges,
    generations: () => exchanges.filter(isGeneration),
    attempts: () => exchanges.filter((e) => isGeneration(e) && !(e.reused && e.status === null && e.outcome === 'cut')),
    hold: () => {
      held ??= [];
    },
    release: () => {
      const waiting = held ?? [];
      held = null;
      for (const go of waiting) go();
    },
    openConnections: () => new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count)))),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
