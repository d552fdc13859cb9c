// Figure 1: gkt's request path (buildModelApi) against a bare keep-alive HTTP loop, both asking an instant server.
import { spawn } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModelApi } from '../src/models/build.js';
import { openAiBody } from '../src/models/request-body.js';
import type { GenerateRequest, ModelApi, ModelEndpoint } from '../src/models/types.js';
import { buildPrompt, loadPromptTemplate } from '../src/prompts/index.js';
import { bareClient } from './bare-client.js';
import type { Figure } from './figure.js';
import { addLoad, loadLoop, ZERO_LOAD, type LoadResult } from './load-loop.js';
import { BENCH_BUILD, REPO_ROOT } from './paths.js';
import { syntheticGsm8k } from './synthetic-gsm8k.js';

export const CONCURRENCIES = [1, 8, 64] as const;

/** What a run sends: the teacher's streamed 40-token guidance with token boundaries, the student's 300-token answer. */
export interface RequestShape {
  key: string;
  label: string;
  request: Omit<GenerateRequest, 'prompt' | 'seed'>;
  guided: boolean;
}

export const SHAPES: RequestShape[] = [
  {
    key: 'teacher',
    label: 'teacher guidance: streamed, logprobs, 40 tokens',
    request: { maxTokens: 40, sampling: { temperature: 0.8, topP: 0.9 }, stop: [], wantTokens: true, stream: true, cacheScope: 'static-24' },
    guided: false,
  },
  {
    key: 'student',
    label: 'student answer: streamed, 300 tokens',
    request: { maxTokens: 300, sampling: { temperature: 0.8, topP: 0.95 }, stop: [], wantTokens: false, stream: true, cacheScope: 'serial' },
    guided: true,
  },
  {
    key: 'student-json',
    label: 'student answer: one JSON body, 300 tokens',
    request: { maxTokens: 300, sampling: { temperature: 0.8, topP: 0.95 }, stop: [], wantTokens: false, stream: false, cacheScope: 'serial' },
    guided: true,
  },
];

export interface ClientOverheadOptions {
  /** Length of each timed stretch; each client runs `rounds` of them, taking turns. */
  stretchMs: number;
  rounds: number;
}

/** Many short turns rather than a few long ones: drift on a shared machine then falls on both clients alike. */
export const CLIENT_OVERHEAD_DEFAULTS: ClientOverheadOptions = { stretchMs: 400, rounds: 5 };

interface InstantServer {
  url: string;
  stop(): Promise<void>;
}

/** The instant server in its own process; `args` give it a real server's habits (instant-server-main.ts). */
export async function startInstantServer(args: string[] = []): Promise<InstantServer> {
  const child = spawn(process.execPath, [join(BENCH_BUILD, 'bench', 'instant-server-main.js'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    void exited.then(() => reject(new Error('the instant server exited before listening')));
  });
  return {
    url: `http://127.0.0.1:${port}/v1`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function endpointFor(url: string): ModelEndpoint {
  return {
    key: 'teacher',
    kind: 'vllm',
    api: 'completions',
    urls: [url],
    servedModel: 'instant-13b',
    apiKey: null,
    apiKeyEnv: null,
    contextLength: 4096,
    timeoutMs: 60_000,
    maxTokensField: 'max_tokens',
    extraBody: {},
  };
}

/** Real GSM8K-shaped prompts (8 exemplars), a different item and seed for every request, as in a run. */
export async function requestMaker(shape: RequestShape): Promise<(i: number) => GenerateRequest> {
  const template = await loadPromptTemplate('gsm8k', 'reference', 8, join(REPO_ROOT, 'prompts'));
  const guidance = shape.guided ? 'She bought 8 * 18 = 144 marbles. After giving some away' : undefined;
  const prompts = syntheticGsm8k(64, 3).map((r) => buildPrompt(template, r.question, guidance ? { guidance } : {}));
  return (i) => ({ ...shape.request, prompt: prompts[i % prompts.length]!, seed: i });
}

export function rate(load: LoadResult): number {
  return (load.requests / load.ms) * 1000;
}

export async function measureClientOverhead(options: ClientOverheadOptions = CLIENT_OVERHEAD_DEFAULTS): Promise<Figure[]> {
  const server = await startInstantServer();
  const cacheDir = await mkdtemp(join(tmpdir(), 'gkt-bench-cache-'));
  const endpoint = endpointFor(server.url);
  // One signal for every request, as a run shares its own; Node's warning about its many listeners is
  // left to show in the measured runs' output, where it matters, not here.
  const signal = new AbortController().signal;
  setMaxListeners(0, signal);
  const figures: Figure[] = [];
  try {
    for (const shape of SHAPES) {
      const make = await requestMaker(shape);
      for (const concurrency of CONCURRENCIES) {
        const gkt = buildModelApi(endpoint, { cacheDir: null, retry: { attempts: 4 } });
        const bare = bareClient(server.url, '/completions', concurrency);
        const sendGkt = (i: number) => gkt.generate(make(i), signal);
        const sendBare = (i: number) => bare.send(openAiBody(endpoint, make(i)));
        const { gktLoad, bareLoad } = await sideBySide(sendGkt, sendBare, concurrency, options);
        bare.close();
        figures.push(...overheadFigures(`client.${shape.key}.c${concurrency}`, shape.label, concurrency, gktLoad, bareLoad));
      }
    }
    const studentShape = SHAPES.find((s) => s.key === 'student')!;
    const make = await requestMaker(studentShape);
    const cached: ModelApi = buildModelApi(endpoint, { cacheDir, retry: { attempts: 4 } });
    const bare = bareClient(server.url, '/completions', 8);
    const { gktLoad, bareLoad } = await sideBySide(
      (i) => cached.generate(make(i), signal),
      (i) => bare.send(openAiBody(endpoint, make(i))),
      8,
      options,
    );
    bare.close();
    figures.push(...overheadFigures('client.student-cached.c8', `${studentShape.label}, response cache on (every request a miss, written)`, 8, gktLoad, bareLoad));
  } finally {
    await server.stop();
    await rm(cacheDir, { recursive: true, force: true });
  }
  return figures;
}

/** A short warm-up each, then the two clients take turns, so drift on a shared machine touches both alike. */
export async function sideBySide(
  sendGkt: (i: number) => Promise<unknown>,
  sendBare: (i: number) => Promise<unknown>,
  concurrency: number,
  options: ClientOverheadOptions,
): Promise<{ gktLoad: LoadResult; bareLoad: LoadResult }> {
  const warmMs = Math.min(300, options.stretchMs);
  await loadLoop(sendBare, concurrency, warmMs);
  await loadLoop(sendGkt, concurrency, warmMs);
  let gktLoad = ZERO_LOAD;
  let bareLoad = ZERO_LOAD;
  for (let round = 0; round < options.rounds; round++) {
    bareLoad = addLoad(bareLoad, await loadLoop(sendBare, concurrency, options.stretchMs));
    gktLoad = addLoad(gktLoad, await loadLoop(sendGkt, concurrency, options.stretchMs));
  }
  return { gktLoad, bareLoad };
}

function overheadFigures(id: string, subgroup: string, concurrency: number, gkt: LoadResult, bare: LoadResult): Figure[] {
  const common = { group: 'Client overhead', subgroup };
  const flight = `${concurrency} in flight`;
  return [
    {
      ...common,
      id: `${id}.rate-ratio`,
      label: `${flight}: request rate, gkt / bare`,
      value: rate(gkt) / rate(bare),
      unit: 'ratio',
      target: { op: '>=', value: 0.85 },
      note: `gkt ${rate(gkt).toFixed(0)}/s, bare ${rate(bare).toFixed(0)}/s`,
    },
    { ...common, id: `${id}.gkt-cpu-us`, label: `${flight}: client CPU per request, gkt`, value: gkt.cpuUs / gkt.requests, unit: 'µs' },
    { ...common, id: `${id}.bare-cpu-us`, label: `${flight}: client CPU per request, bare`, value: bare.cpuUs / bare.requests, unit: 'µs' },
  ];
}
