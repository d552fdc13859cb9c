// Endpoints and requests for model tests, with overrides; and a server started and closed around a test.
import { startFakeOpenAi, type FakeOpenAi, type FakeOptions } from '../helpers/fake-openai.js';
import { closeConnections } from '../../src/models/connection-owners.js';
import type { GenerateRequest, ModelEndpoint } from '../../src/models/types.js';

export function endpoint(overrides: Partial<ModelEndpoint> = {}): ModelEndpoint {
  return {
    key: 'teacher',
    kind: 'vllm',
    api: 'completions',
    urls: ['http://127.0.0.1:9/v1'],
    servedModel: 'fake-model',
    apiKey: null,
    apiKeyEnv: null,
    contextLength: null,
    timeoutMs: 10_000,
    maxTokensField: 'max_tokens',
    extraBody: {},
    ...overrides,
  };
}

export function request(overrides: Partial<GenerateRequest> = {}): GenerateRequest {
  return {
    prompt: 'Q: What is 6 times 7?\nA:',
    maxTokens: 32,
    sampling: { temperature: 0, topP: 1 },
    seed: 7,
    stop: [],
    wantTokens: false,
    stream: false,
    cacheScope: 'serial',
    ...overrides,
  };
}

export const never = new AbortController().signal;

/**
 * Starts a fake server, runs `use`, and closes the server even when `use` fails, and the connections the
 * test opened under `never`, as a command closes its own.
 */
export async function withFake<T>(options: Partial<FakeOptions>, use: (fake: FakeOpenAi) => Promise<T>): Promise<T> {
  const fake = await startFakeOpenAi({ model: 'fake-model', ...options });
  try {
    return await use(fake);
  } finally {
    await closeConnections(never);
    await fake.close();
  }
}

/** The rejection of `promise`, which must reject. */
export async function failureOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
