// The run's connections to its servers: one undici agent per run signal, kept alive between requests, closed at once on an interrupt or when its owner is done.
import type { Socket } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { forgetConnections, registerConnections } from './connection-owners.js';

const agents = new WeakMap<AbortSignal, Agent>();

/** Errors of connections that had carried an answer before: a server may have closed them between two requests. */
const onUsedConnection = new WeakSet<object>();

/**
 * Opens connections as undici would, and marks the errors of one that had already read an answer: a
 * request that fails on it before any byte of its own answer came back found a kept-alive connection
 * the server had closed (see `isStaleConnection`). One listener per connection, none per request.
 */
function markingConnector(): buildConnector.connector {
  const connect = buildConnector({});
  return (options, callback) =>
    connect(options, (...args) => {
      const socket: Socket | null = args[1];
      socket?.on('error', (error: Error) => {
        if (socket.bytesRead > 0) onUsedConnection.add(error);
      });
      callback(...args);
    });
}

/**
 * One agent per run signal; the phase's batching decides how many connections are open, and undici's
 * keep-alive rules (its idle timeout below the servers', their `Keep-Alive` hints, and a look at an idle
 * connection before it is reused) decide how long they stay. An interrupt destroys the agent, and with
 * it every request in flight: nothing is registered per request, which under load would cost more
 * than the request itself. Whoever made the signal closes the agent when done (connection-owners.ts).
 */
export function connectionsFor(signal: AbortSignal): Agent {
  let agent = agents.get(signal);
  if (agent === undefined) {
    const own = new Agent({ connect: markingConnector() });
    agent = own;
    agents.set(signal, own);
    const onAbort = () => {
      agents.delete(signal);
      forgetConnections(signal);
      void own.destroy(new Error('interrupted')).catch(() => undefined);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    registerConnections(signal, async () => {
      agents.delete(signal);
      signal.removeEventListener('abort', onAbort);
      await own.destroy().catch(() => undefined);
    });
  }
  return agent;
}

/**
 * Whether a request that got no answer failed on a kept-alive connection the server had already closed:
 * undici's "other side closed" on a connection that had read bytes before, or a reset or broken pipe
 * marked by the connector.
 */
export function isStaleConnection(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  if (onUsedConnection.has(error)) return true;
  const { code, socket } = error as { code?: unknown; socket?: { bytesRead?: unknown } };
  return code === 'UND_ERR_SOCKET' && typeof socket?.bytesRead === 'number' && socket.bytesRead > 0;
}
