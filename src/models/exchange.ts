// One generation request to a server, as both adapters make it: posted through the transport, a 2xx answer read, anything else a RequestError.
import { performance } from 'node:perf_hooks';
import { addressOf, connectionFailed, requestFailure, statusFailure } from './failure.js';
import { send, type Address, type Reply, type StaleListener } from './transport.js';
import { ConnectionError, DeadlinePassed } from './transport-errors.js';

export interface Route {
  /** `http://host:8000/v1/completions`, parsed on first use. */
  href: string;
  /** `POST http://host:8000/v1/completions`, as messages name it. */
  target: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Cut from every message (endpoint-auth.ts). */
  secrets: readonly string[];
  onStale?: StaleListener;
}

/** Reads a 2xx answer; `deadline` is the request's, `start` its performance.now() start. */
type ReadAnswer<T> = (reply: Reply, deadline: number, start: number) => Promise<T>;

/** Posts to a route, over and over: the route's address is parsed once, on the first request. */
export function poster(route: Route): <T>(body: string, signal: AbortSignal, read: ReadAnswer<T>) => Promise<T> {
  let address: Address | null = null;
  return async (body, signal, read) => {
    const start = performance.now();
    // The timeout covers the whole answer, every stream chunk included, not only the headers.
    const limits = { signal, deadline: start + route.timeoutMs };
    try {
      address ??= addressOf(route.href, route.target);
      let reply: Reply;
      try {
        reply = await send(address, { method: 'POST', headers: route.headers, body }, limits, route.onStale);
      } catch (error) {
        throw error instanceof ConnectionError ? connectionFailed(error, route.target, route.secrets) : error;
      }
      // An error status is read to its end even so: the connection then stays open for the next request.
      if (reply.status < 200 || reply.status >= 300) throw await statusFailure(reply, limits.deadline, route.target, route.secrets);
      return await read(reply, limits.deadline, start);
    } catch (error) {
      throw requestFailure(error, {
        target: route.target,
        aborted: signal.aborted,
        timedOut: error instanceof DeadlinePassed || performance.now() >= limits.deadline,
        timeoutMs: route.timeoutMs,
        secrets: route.secrets,
      });
    }
  };
}
