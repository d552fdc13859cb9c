// The simulated OpenAI-compatible server: routes, lifecycle, and the one place the simulator meets the network.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { loadDataset } from '../datasets/load.js';
import { GktError } from '../util/errors.js';
import { ApiError } from './api-error.js';
import { serveGeneration } from './generation.js';
import type { GenerationContext } from './generation.js';
import { readJsonBody, sendError, sendJson } from './http-io.js';
import { CHAT_DEFAULTS, type SimulatorProfile } from './profile.js';
import { readChatBody, readCompletionBody } from './request-body.js';
import { renderChatRequest } from './chat-prompt.js';
import { simulatorTemplate } from './chat-template.js';
import { createItemIndex } from './sim-item.js';
import { createSlotPool } from './slot-pool.js';
import { createVocabulary } from './vocabulary.js';
import type { Vocabulary } from './vocabulary.js';

export interface SimulatorOptions {
  host?: string;
  port?: number;
  /** Called with one line per request when given. */
  log?: (line: string) => void;
}

export interface RunningSimulator {
  /** Base URL of the OpenAI-compatible API, ending in `/v1`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const VOCABULARY_LIMIT = 200_000;

/** Dataset paths are used as given: callers resolve relative paths against their own working directory. */
export async function startSimulator(profile: SimulatorProfile, options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const loaded = await Promise.all(profile.datasets.map((d) => loadDataset(d.name, d.path)));
  let requests = 0;
  const generation: GenerationContext = {
    profile,
    traits: { modelId: profile.model, accuracy: profile.accuracy, helpHorizon: profile.helpHorizon, difficulty: profile.difficulty },
    findItem: createItemIndex(loaded.flatMap((d) => d.items)),
    pool: createSlotPool(profile.slots),
    nextRequest: () => requests++,
    now: () => Math.floor(Date.now() / 1000),
    drafts: { drafts: 0, draftTokens: 0, acceptedTokens: 0 },
  };
  const created = generation.now();
  const vocabulary = createVocabulary(VOCABULARY_LIMIT, profile.vocabulary);
  const log = options.log;

  const server = createServer((req, res) => {
    const started = performance.now();
    res.setHeader('x-gkt-simulated', '1');
    if (log !== undefined) {
      res.on('close', () => {
        const outcome = res.writableFinished ? String(res.statusCode) : 'closed';
        log(`${req.method ?? '?'} ${req.url ?? '?'} ${outcome} ${Math.round(performance.now() - started)}ms`);
      });
    }
    route(req, res).catch((error: unknown) => {
      const apiError = error instanceof ApiError ? error : new ApiError(500, `simulator error: ${(error as Error).message}`);
      if (!(error instanceof ApiError)) log?.(`simulator error: ${(error as Error).stack ?? String(error)}`);
      if (!res.destroyed) sendError(res, apiError);
    });
  });

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    const key = `${req.method ?? ''} ${path}`;
    switch (key) {
      case 'GET /health':
        return sendJson(res, 200, { status: 'ok' });
      case 'GET /v1/models':
        return sendJson(res, 200, {
          object: 'list',
          data: [{ id: profile.model, object: 'model', created, owned_by: 'gkt-simulator', max_model_len: profile.contextLength }],
        });
      case 'POST /v1/completions':
        return serveGeneration(generation, readCompletionBody(await readJsonBody(req)), res);
      case 'POST /v1/chat/completions': {
        const request = readChatBody(await readJsonBody(req));
        // Without a chat profile, the contents joined, as the paper's API teacher has always been simulated.
        const prompt = profile.chat === undefined ? request.chat.messages.map((m) => m.content).join('\n') : renderChatRequest(profile.chat, request.chat);
        return serveGeneration(generation, { ...request, prompt }, res);
      }
      case 'GET /props':
        return sendJson(res, 200, serverProps(profile));
      case 'POST /apply-template': {
        const request = readChatBody({ max_tokens: 1, ...(await readJsonBody(req) as object) });
        return sendJson(res, 200, { prompt: renderChatRequest(profile.chat ?? CHAT_DEFAULTS, request.chat) });
      }
      case 'POST /tokenize':
        return serveTokenize(vocabulary, profile, await readJsonBody(req), res);
      case 'GET /metrics':
        return sendMetrics(res, profile, generation.drafts);
      case 'POST /detokenize':
        return sendJson(res, 200, { prompt: vocabulary.decode(field(await readJsonBody(req), 'tokens')) });
      default:
        throw new ApiError(404, `no route for ${key}`, { code: 'not_found' });
    }
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(new GktError(`cannot listen on ${host}:${options.port ?? 0} (${error.code ?? error.message})`, { cause: error }));
    });
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/v1`,
    port,
    // Cutting every connection fires each response's 'close', which clears its timers and slot.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** llama.cpp's `/props`: the chat template with its special tokens, and the slots. */
function serverProps(profile: SimulatorProfile): Record<string, unknown> {
  const template = simulatorTemplate(profile.chat?.thinking === 'opened', 'simulator');
  return {
    chat_template: template.source,
    bos_token: template.bosToken,
    eos_token: template.eosToken,
    total_slots: profile.slots,
    model_path: profile.model,
    build_info: 'gkt simulator',
    default_generation_settings: { n_ctx: profile.contextLength },
  };
}

/** vLLM's spec-decode counters in Prometheus' text format, for a speculative profile; otherwise no such route. */
function sendMetrics(res: ServerResponse, profile: SimulatorProfile, drafts: GenerationContext['drafts']): void {
  if (profile.speculative === undefined) throw new ApiError(404, 'no route for GET /metrics (the simulator reports counters only for a speculative profile)', { code: 'not_found' });
  const labels = `{model_name=${JSON.stringify(profile.model)},engine="0"}`;
  const lines = [
    ['vllm:spec_decode_num_drafts_total', drafts.drafts, 'Number of spec decoding drafts.'],
    ['vllm:spec_decode_num_draft_tokens_total', drafts.draftTokens, 'Number of draft tokens.'],
    ['vllm:spec_decode_num_accepted_tokens_total', drafts.acceptedTokens, 'Number of accepted tokens.'],
  ].flatMap(([name, value, help]) => [`# HELP ${String(name)} ${String(help)}`, `# TYPE ${String(name)} counter`, `${String(name)}${labels} ${String(value)}`]);
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  res.end(`${lines.join('\n')}\n`);
}

function field(body: unknown, name: string): unknown {
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
}

/** vLLM reads `prompt`, llama.cpp `content`; both are accepted. */
function serveTokenize(vocabulary: Vocabulary, profile: SimulatorProfile, body: unknown, res: ServerResponse): void {
  const text = field(body, 'prompt') ?? field(body, 'content');
  if (typeof text !== 'string') throw new ApiError(400, 'send the text to tokenize as "prompt" or "content"', { param: 'prompt' });
  const tokens = vocabulary.encode(text);
  sendJson(res, 200, { tokens, count: tokens.length, max_model_len: profile.contextLength });
}
