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

const DATASET = join(ROOT, 'test', 'fixtures', 'simulate', 'gsm8k.jsonl');
let work: string;
const started: RunningSimulator[] = [];

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

async function run(name: string, models: Record<string, unknown>): Promise<{ code: number | null; stderr: string; dir: string }> {
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
  const result = await runCli(['run', path, '--results', work, '--quiet'], { cwd: work });
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
