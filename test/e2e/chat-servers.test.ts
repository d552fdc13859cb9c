// Chat models on running llama.cpp-style servers: the template read from /props, and a student's server asked whether it continues a turn.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulate/server.js';
import { simulatorTemplateSource } from '../../src/simulate/chat-template.js';
import { sha256 } from '../../src/util/hash.js';
import { testProfile } from '../simulate/helpers.js';
import { readRecords, ROOT, runCli } from '../helpers/cli.js';
import { listTree } from '../reliability/helpers.js';
import { proxy, type Proxy } from '../reliability/servers.js';

const DATASET = join(ROOT, 'test', 'fixtures', 'simulate', 'gsm8k.jsonl');
let work: string;
const started: Array<RunningSimulator | Proxy> = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gkt-chat-servers-'));
});

afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
  await rm(work, { recursive: true, force: true });
});

async function simulator(model: string, prefill: string): Promise<RunningSimulator> {
  const sim = await startSimulator(testProfile({ model, accuracy: 0.5, chat: { prefill } }), { port: 0 });
  started.push(sim);
  return sim;
}

async function run(name: string, models: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stderr: string; dir: string }> {
  const config = {
    name,
    shots: 2,
    mode: 'practical',
    sampling: { teacher: 'greedy', student: 'greedy', baseline: 'greedy' },
    models,
    datasets: [{ name: 'gsm8k', path: DATASET, limit: 2 }],
    pairs: [{ teacher: 'teacher', student: 'student', guidance: [8], outputLengths: [60] }],
    baselines: { studentAlone: false, teacherAlone: false, teacherAloneBatched: false },
    cache: false,
  };
  const path = join(work, `${name}.json`);
  await writeFile(path, JSON.stringify(config));
  const result = await runCli(['run', path, '--results', work, '--quiet'], { cwd: work, env });
  return { code: result.code, stderr: result.stderr, dir: join(work, name) };
}

describe('template "server" on llama.cpp', () => {
  it('reads the template from /props, records its origin and sha256, and renders every prompt with it', async () => {
    const teacher = await simulator('t', 'always');
    const student = await simulator('s', 'always');
    const { code, stderr, dir } = await run('props', {
      teacher: { kind: 'llamacpp', url: teacher.url, model: 't', chat: { template: 'server' } },
      student: { kind: 'llamacpp', url: student.url, model: 's', chat: { template: 'server', fewShot: 'multi-turn' } },
    });
    expect(stderr).not.toMatch(/internal error/);
    expect(code).toBe(0);
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.models.student.chat.template).toEqual({
      origin: `${student.url.replace(/\/v1$/, '')}/props`,
      sha256: sha256(simulatorTemplateSource(false)),
      bosToken: '<|sim_bos|>',
      eosToken: '<|sim_eos|>',
    });
    const plan = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8'));
    const items = (await readRecords(join(dir, 'cells', `${plan.cells[0].id}.jsonl`))).filter((l) => l.type === 'item');
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(item.error).toBeNull();
      // The student continued the guidance in its own turn: its text goes on from the guidance's last word.
      expect(item.guidance.text.length).toBeGreaterThan(0);
      expect(item.student.finishReason).toBe('stop');
    }
  });

  it('refuses a student whose llama.cpp closes a final assistant message, before the first request', async () => {
    const teacher = await simulator('t', 'always');
    const student = await simulator('s', 'never');
    const { code, stderr } = await run('no-prefill', {
      teacher: { kind: 'llamacpp', url: teacher.url, model: 't', chat: { template: 'server' } },
      student: { kind: 'llamacpp', url: student.url, model: 's', chat: { render: 'server' } },
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/student: the llama\.cpp server at .* closes a final assistant message and opens a new turn/);
    expect(stderr).toMatch(/set the model's chat\.render to "gkt"/);
  });

  it('says which server it could not read a template from', async () => {
    const closed = await simulator('gone', 'always');
    await closed.close();
    const { code, stderr } = await run('unreachable', {
      teacher: { kind: 'llamacpp', url: closed.url, model: 't', chat: { template: 'server' } },
      student: { kind: 'llamacpp', url: closed.url, model: 's' },
    });
    expect(code).not.toBe(0);
    expect(stderr).toContain(`models.teacher.chat.template: GET ${closed.url.replace(/\/v1$/, '')}/props: ECONNREFUSED`);
  });
});

describe('a chat model behind basic auth or an API key', () => {
  it('sends them to /props and /apply-template as to every other route, shows them nowhere, and leaves no connection open', async () => {
    const password = 'gkt-chat-secret-24680';
    const key = 'sk-gkt-chat-key-13579';
    const teacher = await proxy((await simulator('t', 'always')).url);
    const student = await proxy((await simulator('s', 'always')).url);
    started.push(teacher, student);
    const { code, stderr, dir } = await run(
      'guarded',
      {
        teacher: { kind: 'llamacpp', url: teacher.url.replace('http://', `http://gkt:${password}@`), model: 't', chat: { template: 'server' } },
        student: { kind: 'llamacpp', url: student.url, model: 's', apiKeyEnv: 'GKT_CHAT_KEY', chat: { render: 'server' } },
      },
      { GKT_CHAT_KEY: key },
    );
    expect(code, stderr).toBe(0);
    const basic = `Basic ${Buffer.from(`gkt:${password}`).toString('base64')}`;
    expect(teacher.exchanges.map((e) => e.path)).toEqual(expect.arrayContaining(['/props', '/v1/models', '/v1/completions']));
    for (const e of teacher.exchanges) expect(e.headers.authorization, e.path).toBe(basic);
    expect(student.exchanges.map((e) => e.path)).toEqual(expect.arrayContaining(['/apply-template', '/v1/models', '/v1/chat/completions']));
    for (const e of student.exchanges) expect(e.headers.authorization, e.path).toBe(`Bearer ${key}`);

    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.models.teacher.chat.template.origin).toBe(`${teacher.url.replace(/\/v1$/, '')}/props`);
    for (const file of await listTree(dir)) {
      const text = await readFile(join(dir, file), 'utf8');
      for (const secret of [password, key, basic.slice('Basic '.length)]) expect(text, file).not.toContain(secret);
    }
    expect(stderr).not.toContain(password);

    // The command closed what it opened: its probes', its templates' and its phases' connections.
    for (const server of [teacher, student]) {
      for (let waited = 0; (await server.openConnections()) > 0 && waited < 1000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await server.openConnections()).toBe(0);
    }
  });
});
