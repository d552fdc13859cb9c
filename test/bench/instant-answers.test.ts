// The instant server's canned answers must be read the same by gkt's adapter and by the bare loop, or figure 1 compares unlike work.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bareClient, EventReader } from '../../bench/bare-client.js';
import { cannedAnswer } from '../../bench/instant-responses.js';
import { createInstantServer } from '../../bench/instant-server.js';
import { buildModelApi } from '../../src/models/build.js';
import { openAiBody } from '../../src/models/request-body.js';
import type { GenerateRequest, ModelEndpoint } from '../../src/models/types.js';

let server: Server;
let url: string;

beforeAll(async () => {
  server = createInstantServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const endpoint = (): ModelEndpoint => ({
  key: 'teacher',
  kind: 'vllm',
  api: 'completions',
  urls: [url],
  servedModel: 'instant-13b',
  apiKey: null,
  apiKeyEnv: null,
  contextLength: 4096,
  timeoutMs: 10_000,
  maxTokensField: 'max_tokens',
  extraBody: {},
});

const request = (overrides: Partial<GenerateRequest>): GenerateRequest => ({
  prompt: 'Q: How many?\nA: ',
  maxTokens: 40,
  sampling: { temperature: 0.8, topP: 0.9 },
  seed: 1,
  stop: [],
  wantTokens: false,
  stream: true,
  cacheScope: 'serial',
  ...overrides,
});

describe('canned answers', () => {
  it.each([
    ['teacher: stream with logprobs', { maxTokens: 40, wantTokens: true, stream: true }],
    ['student: stream', { maxTokens: 300, stream: true }],
    ['student: whole JSON', { maxTokens: 300, stream: false }],
  ])('%s: both clients read the same text and token count', async (_name, overrides) => {
    const req = request(overrides);
    const gkt = await buildModelApi(endpoint(), { cacheDir: null, retry: { attempts: 1 } }).generate(req, new AbortController().signal);
    const bare = bareClient(url, '/completions', 1);
    const answer = await bare.send(openAiBody(endpoint(), req));
    bare.close();
    expect(gkt.completionTokens).toBe(req.maxTokens);
    expect(gkt.promptTokens).toBe(Math.ceil(req.prompt.length / 4));
    expect(answer.completionTokens).toBe(req.maxTokens);
    expect(answer.text).toBe(gkt.text);
    if (req.wantTokens) {
      expect(gkt.tokens).toHaveLength(req.maxTokens);
      expect(answer.tokens).toBe(req.maxTokens);
    }
  });
});

describe('EventReader', () => {
  it('reads a stream the same however it is cut into chunks', () => {
    const text = cannedAnswer({ endpoint: 'completions', model: 'm', maxTokens: 12, stream: true, logprobs: true }).bytes(7).toString('utf8');
    const whole = new EventReader();
    whole.push(text);
    expect(whole.answer).toMatchObject({ tokens: 12, completionTokens: 12 });
    for (let cut = 1; cut < text.length; cut += 7) {
      const split = new EventReader();
      split.push(text.slice(0, cut));
      split.push(text.slice(cut));
      expect(split.answer).toEqual(whole.answer);
    }
  });
});
