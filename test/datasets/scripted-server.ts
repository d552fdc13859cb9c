// A scripted HTTP server on 127.0.0.1, port 0, for download tests: each path answers from its own list of replies.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Reply =
  | { status: number; body?: Uint8Array | string }
  /** Declares `declared` bytes, sends `body`, then drops the connection. */
  | { truncate: Uint8Array; declared: number }
  /** Sends `body` chunked and ends cleanly: a short file with no length to betray it. */
  | { short: Uint8Array }
  /** Never answers. */
  | { hang: true };

export interface ScriptedServer {
  url(path: string): string;
  /** Requests seen per path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** Each request to a path takes the next reply of its list; the last reply repeats. Unknown paths get 404. */
export async function startScriptedServer(routes: Record<string, Reply[]>): Promise<ScriptedServer> {
  const hits = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    const seen = hits.get(path) ?? 0;
    hits.set(path, seen + 1);
    const replies = routes[path];
    const reply = replies?.[Math.min(seen, replies.length - 1)];
    if (reply === undefined) {
      response.writeHead(404).end('not found');
    } else if ('hang' in reply) {
      return;
    } else if ('truncate' in reply) {
      response.writeHead(200, { 'content-length': reply.declared });
      response.write(reply.truncate, () => response.destroy());
    } else if ('short' in reply) {
      response.writeHead(200);
      response.end(reply.short);
    } else {
      response.writeHead(reply.status).end(reply.body ?? '');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
