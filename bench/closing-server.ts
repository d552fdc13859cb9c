// The serial student phase against servers that close their connections as real ones do (llama.cpp after each streamed answer, `Connection: close`, a cap on requests per connection): gkt against a bare client.
import { setMaxListeners } from 'node:events';
import { buildModelApi } from '../src/models/build.js';
import { openAiBody } from '../src/models/request-body.js';
import { bareClient } from './bare-client.js';
import { endpointFor, rate, requestMaker, SHAPES, sideBySide, startInstantServer } from './client-overhead.js';
import type { Figure } from './figure.js';

/** 300 tokens in 30 pieces a millisecond apart: about 35 ms an answer, so the figure is a phase's, not a CPU loop's. */
const PIECES = 30;

interface Habit {
  key: string;
  close: string;
  label: string;
  target?: number;
}

const HABITS: Habit[] = [
  { key: 'after-stream', close: 'after-stream', label: 'closes after each streamed answer (llama.cpp)', target: 0.97 },
  { key: 'connection-close', close: 'connection-close', label: 'answers `Connection: close`' },
  { key: 'after-5', close: 'after:5', label: 'closes a connection, unannounced, after 5 requests' },
];

export async function measureClosingServers(options = { stretchMs: 1200, rounds: 6 }): Promise<Figure[]> {
  const figures: Figure[] = [];
  const signal = new AbortController().signal;
  setMaxListeners(0, signal);
  const make = await requestMaker(SHAPES.find((s) => s.key === 'student')!);
  for (const habit of HABITS) {
    const server = await startInstantServer(['--close', habit.close, '--pieces', String(PIECES)]);
    try {
      const endpoint = { ...endpointFor(server.url), kind: 'llamacpp' as const };
      const counts = { stale: 0, retries: 0 };
      const gkt = buildModelApi(endpoint, { cacheDir: null, retry: { attempts: 4 }, onStale: () => counts.stale++, onRetry: () => counts.retries++ });
      // A new connection for every request: the least any client can do against a server that closes them.
      const bare = bareClient(server.url, '/completions', 1, false);
      const { gktLoad, bareLoad } = await sideBySide((i) => gkt.generate(make(i), signal), (i) => bare.send(openAiBody(endpoint, make(i))), 1, options);
      bare.close();
      figures.push({
        id: `client.closing.${habit.key}.c1.rate-ratio`,
        group: 'Client overhead',
        subgroup: 'serial student phase (300 tokens streamed, about 35 ms an answer) against a server that closes its connections',
        label: `a server that ${habit.label}: request rate, gkt / bare`,
        value: rate(gktLoad) / rate(bareLoad),
        unit: 'ratio',
        ...(habit.target !== undefined ? { target: { op: '>=' as const, value: habit.target } } : {}),
        note: `gkt ${rate(gktLoad).toFixed(1)}/s, bare ${rate(bareLoad).toFixed(1)}/s; gkt resent ${counts.stale} on a new connection, retried ${counts.retries}`,
      });
    } finally {
      await server.stop();
    }
  }
  return figures;
}
