// Context overflow caught before the first request: the context read where the server states it, the prompt measured with its tokenizer.
import { afterEach, describe, expect, it } from 'vitest';
import { readServerFacts } from '../../src/models/server-facts.js';
import { settleContext } from '../../src/servers/model-facts.js';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';
import { GSM8K_MINI, workspace, type Workspace } from '../reliability/helpers.js';
import { runCli } from '../helpers/cli.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const never = new AbortController().signal;
let fakes: FakeOpenAi[] = [];
let space: Workspace | null = null;
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
  await space?.cleanup();
  space = null;
});

async function fake(options: Parameters<typeof startFakeOpenAi>[0]): Promise<FakeOpenAi> {
  const server = await startFakeOpenAi(options);
  fakes.push(server);
  return server;
}

const ask = { authorization: null, timeoutMs: 2000, signal: never };

describe('what a server states about its context and slots', () => {
  it('reads llama.cpp’s per-slot context and slot count from /props', async () => {
    const server = await fake({ model: 'm', routes: { 'GET /props': { total_slots: 4, default_generation_settings: { n_ctx: 2048 } } } });
    expect(await readServerFacts('llamacpp', server.url, ask)).toEqual({
      context: { value: 2048, source: 'GET /props: n_ctx, per slot' },
      slots: { value: 4, source: 'GET /props: total_slots' },
    });
  });

  it('falls back to llama.cpp’s /slots when /props says nothing of them', async () => {
    const server = await fake({ model: 'm', routes: { 'GET /slots': [{ id: 0, n_ctx: 1024 }, { id: 1, n_ctx: 1024 }] } });
    expect(await readServerFacts('llamacpp', server.url, ask)).toEqual({
      context: { value: 1024, source: 'GET /slots: n_ctx, per slot' },
      slots: { value: 2, source: 'GET /slots: one entry per slot' },
    });
  });

  it('takes vLLM’s max_model_len from its listing, TGI’s from /info, SGLang’s from /get_model_info', async () => {
    const vllm = await fake({ model: 'm' });
    expect((await readServerFacts('vllm', vllm.url, { ...ask, listedContext: 4096 })).context).toEqual({ value: 4096, source: 'GET /v1/models: max_model_len' });
    const tgi = await fake({ model: 'm', routes: { 'GET /info': { model_id: 'm', max_total_tokens: 8192, max_input_tokens: 8191, max_concurrent_requests: 128 } } });
    expect(await readServerFacts('tgi', tgi.url, ask)).toEqual({
      context: { value: 8192, source: 'GET /info: max_total_tokens' },
      slots: { value: 128, source: 'GET /info: max_concurrent_requests' },
    });
    const sglang = await fake({ model: 'm', routes: { 'GET /get_model_info': { model_path: 'm', is_generation: true, context_length: 32768 } } });
    expect((await readServerFacts('sglang', sglang.url, ask)).context).toEqual({ value: 32768, source: 'GET /get_model_info: context_length' });
  });

  it('says nothing where the server says nothing, and asks a generic server nothing', async () => {
    const server = await fake({ model: 'm' });
    expect(await readServerFacts('llamacpp', server.url, ask)).toEqual({ context: null, slots: null });
    const before = server.requests.length;
    expect(await readServerFacts('generic', server.url, ask)).toEqual({ context: null, slots: null });
    expect(server.requests).toHaveLength(before);
  });
});

describe('the context a run checks against', () => {
  const stated = { value: 2048, source: 'GET /props: n_ctx, per slot' };
  it.each([
    [null, stated, 2048, /as the server states/],
    [4096, stated, 2048, /contextLength 4096 in the config is more than the server holds: using its 2048/],
    [16, stated, 16, /context 16 tokens, from the config's contextLength; the server holds 2048/],
    [4096, null, 4096, /from the config's contextLength \(the server does not state one\)/],
    [null, null, null, /context unknown/],
  ])('config %s, server %o → %s', (configured, server, value, note) => {
    const settled = settleContext(configured, server);
    expect(settled.context?.value ?? null).toBe(value);
    expect(settled.note).toMatch(note);
  });
});

/** A llama.cpp-like fake: /props with its slot context, /tokenize counting words. */
async function llamaCpp(nCtx: number): Promise<FakeOpenAi> {
  return fake({ model: 'rnd', routes: { 'GET /props': { total_slots: 4, default_generation_settings: { n_ctx: nCtx } } } });
}

async function oneCellRun(server: FakeOpenAi, extra: Record<string, unknown>, lengths = { guidance: 10, output: 4000 }): Promise<Awaited<ReturnType<typeof runCli>>> {
  space = await workspace({
    name: 'ctx',
    models: {
      teacher: { kind: 'llamacpp', url: server.url, model: 'rnd', batch: 4, ...extra },
      student: { kind: 'llamacpp', url: server.url, model: 'rnd', ...extra },
    },
    datasets: [{ name: 'gsm8k', path: GSM8K_MINI, limit: 3 }],
    pairs: [{ teacher: 'teacher', student: 'student' }],
    guidance: [lengths.guidance],
    outputLengths: [lengths.output],
    baselines: { studentAlone: false, teacherAlone: false, teacherAloneBatched: false },
    cache: false,
  });
  return runCli(['run', space.config, '--results', space.results]);
}

describe('a phase that cannot fit its model’s context', () => {
  it('is refused before the first request, from the prompt counted by the server and the context it states', async () => {
    const server = await llamaCpp(2048);
    const result = await oneCellRun(server, {});
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/teacher: context 2048 tokens, as the server states \(GET \/props: n_ctx, per slot\)/);
    expect(result.stderr).toMatch(/gkt: cell teacher→student 10→4000 gsm8k: longest prompt \d+ tokens \+ guidance ≈10 \+ output 4000 = \d+, more than student's context of 2048 \(GET \/props: n_ctx, per slot\)/);
    expect(result.stderr).toMatch(/nothing was sent/);
    // Prompts were counted, none was sent; no summary of an empty run is printed before the error.
    expect(server.received('tokenize').length).toBeGreaterThan(0);
    expect(server.received('completions')).toHaveLength(0);
    expect(result.stdout).toBe('');
    const manifest = JSON.parse(readFileSync(join(space!.run('ctx'), 'manifest.json'), 'utf8')) as { models: Record<string, { contextLength: number; contextSource: string; slots: unknown }>; sessions: Array<{ status: string }> };
    expect(manifest.models.student).toMatchObject({ contextLength: 2048, contextSource: 'GET /props: n_ctx, per slot', slots: { value: 4, source: 'GET /props: total_slots' } });
    expect(manifest.sessions.at(-1)!.status).toBe('failed');
  });

  it('a contextLength too small for any prompt is refused, the server’s own context said beside it', async () => {
    const server = await llamaCpp(8192);
    const result = await oneCellRun(server, { contextLength: 16 }, { guidance: 4, output: 8 });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/context 16 tokens, from the config's contextLength; the server holds 8192/);
    expect(result.stderr).toMatch(/teacher pass teacher gsm8k cutoff \(4 tokens\): longest prompt \d+ tokens \+ output 4 = \d+, more than teacher's context of 16 \(contextLength in the config\)/);
    expect(server.received('completions')).toHaveLength(0);
  });
});

describe('gkt plan', () => {
  it('shows each phase’s longest prompt and output against the context its server states, and what does not fit', async () => {
    const server = await llamaCpp(2048);
    await oneCellRun(server, {});
    const result = await runCli(['plan', space!.config, '--results', space!.results]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/tokens\/context/);
    expect(result.stdout).toMatch(/\d+\/2048 ✗/);
    expect(result.stdout).toMatch(/student: context 2048 tokens, as the server states \(GET \/props: n_ctx, per slot\)/);
    expect(result.stdout).toMatch(/does not fit: cell teacher→student 10→4000 gsm8k: longest prompt \d+ tokens/);
    expect(server.received('completions')).toHaveLength(0);
  });

  it('estimates from characters against the config’s contextLength when the server is not up', async () => {
    const server = await llamaCpp(8192);
    await oneCellRun(server, { contextLength: 16 }, { guidance: 4, output: 8 });
    await server.close();
    fakes = [];
    const result = await runCli(['plan', space!.config, '--results', space!.results]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/teacher: context 16 tokens, from the config's contextLength; its server does not answer now/);
    expect(result.stdout).toMatch(/~\d+\/16 ✗/);
    expect(result.stdout).toMatch(/does not fit: teacher pass teacher gsm8k cutoff \(4 tokens\): longest prompt about \d+ tokens \(estimated/);
  });
});
