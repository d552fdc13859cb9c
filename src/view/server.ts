// The viewer's HTTP server: read-only, a fixed set of routes (no URL ever names a file), strict headers, and events as the run grows.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { cellsPayload, itemPayload, itemsPayload, promptPayload, runPayload } from './api.js';
import { CONTENT_SECURITY_POLICY, pageHtml, type Assets } from './assets.js';
import type { LiveRun, LiveState } from './live-run.js';

interface ViewServer {
  url: string;
  close(): Promise<void>;
}

interface ViewServerOptions {
  host: string;
  port: number;
  run: LiveRun;
  assets: Assets;
}

const HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

const TYPES = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', json: 'application/json; charset=utf-8', text: 'text/plain; charset=utf-8' };

/** Seconds between comments on an idle event stream, so proxies and browsers keep it open. */
const HEARTBEAT_MS = 15_000;

function send(res: ServerResponse, status: number, type: keyof typeof TYPES, body: string | Buffer, head: boolean): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...HEADERS, 'Content-Type': TYPES[type], 'Content-Length': bytes.length });
  res.end(head ? undefined : bytes);
}

const sendJson = (res: ServerResponse, value: unknown, head: boolean): void => send(res, 200, 'json', JSON.stringify(value), head);
const notFound = (res: ServerResponse, what: string, head: boolean): void => send(res, 404, 'json', JSON.stringify({ error: `${what} not found` }), head);

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
const ANY_ADDRESS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * A page of another site may try to reach this server through a name it controls (DNS rebinding):
 * only the names this server is known by are answered. Listening on every address accepts any name.
 */
function hostAllowed(header: string | undefined, host: string): boolean {
  if (ANY_ADDRESS.has(host)) return true;
  if (header === undefined) return false;
  const name = header.replace(/:\d+$/, '').toLowerCase();
  const own = isIP(host) === 6 ? `[${host}]` : host.toLowerCase();
  return name === own || LOOPBACK_NAMES.has(name);
}

function events(req: IncomingMessage, res: ServerResponse, run: LiveRun): void {
  res.writeHead(200, { ...HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
  const push = (state: LiveState): void => {
    res.write(`event: version\ndata: ${JSON.stringify({ version: state.version, reloadError: state.reloadError })}\n\n`);
  };
  res.write('retry: 2000\n\n');
  push(run.state);
  const unsubscribe = run.subscribe(push);
  const heartbeat = setInterval(() => res.write(': still here\n\n'), HEARTBEAT_MS);
  req.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}

export function startViewServer(options: ViewServerOptions): Promise<ViewServer> {
  const { run, assets } = options;
  const page = pageHtml({ bundle: false });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      res.setHeader('Allow', 'GET, HEAD');
      send(res, 405, 'text', 'gkt view is read-only\n', false);
      return;
    }
    if (!hostAllowed(req.headers.host, options.host)) {
      send(res, 403, 'text', 'unexpected Host header\n', head);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://view.invalid');
    if (url.pathname.startsWith('/api/')) run.touch();
    const params = url.searchParams;
    switch (url.pathname) {
      case '/':
      case '/index.html':
        return send(res, 200, 'html', page, head);
      case '/assets/app.js':
        return send(res, 200, 'js', assets['app.js'], head);
      case '/assets/app.css':
        return send(res, 200, 'css', assets['app.css'], head);
      case '/favicon.ico':
        res.writeHead(204, HEADERS);
        res.end();
        return;
      case '/api/run':
        return sendJson(res, runPayload(run.state, true), head);
      case '/api/cells':
        return sendJson(res, cellsPayload(run.state, params), head);
      case '/api/items': {
        const items = await itemsPayload(run, params);
        return items === null ? notFound(res, 'cell', head) : sendJson(res, items, head);
      }
      case '/api/item': {
        const item = await itemPayload(run, params);
        return item === null ? notFound(res, 'item', head) : sendJson(res, item, head);
      }
      case '/api/prompt': {
        const prompt = promptPayload(run, params);
        return prompt === null ? notFound(res, 'prompt', head) : sendJson(res, prompt, head);
      }
      case '/api/events':
        return events(req, res, run);
      default:
        return notFound(res, 'page', head);
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else send(res, 500, 'json', JSON.stringify({ error: (error as Error).message }), false);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      const shown = ANY_ADDRESS.has(options.host) ? '127.0.0.1' : isIP(options.host) === 6 ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${shown}:${port}/`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
