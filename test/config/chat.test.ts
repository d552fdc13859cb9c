// A model's `chat` block: refused where it cannot work, each problem on its line, and resolved with its defaults.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import { resolveSweep } from '../../src/config/resolve.js';
import { UsageError } from '../../src/util/errors.js';

const url = 'http://127.0.0.1:8000/v1';
const config = (teacher: Record<string, unknown>, student: Record<string, unknown> = {}) => ({
  name: 'chat',
  models: {
    teacher: { kind: 'vllm', url, model: 'big-it', ...teacher },
    student: { kind: 'vllm', url, model: 'small-it', ...student },
  },
  datasets: [{ name: 'gsm8k' }],
  pairs: [{ teacher: 'teacher', student: 'student' }],
});

function problems(value: unknown): string[] {
  try {
    parseConfig(JSON.stringify(value), 'x.json', { KEY: 'k' });
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message.split('\n');
  }
}

describe('chat block checks', () => {
  it.each([
    ['render gkt without a template on vLLM', { chat: {} }, {}, 'x.json: $.models.teacher.chat.template: is required with render "gkt" for a vllm server'],
    ['a template with render server', { chat: { render: 'server', template: 't.jinja' } }, {}, 'x.json: $.models.teacher.chat.template: only with render "gkt"'],
    ['an OpenAI model rendered by gkt', { kind: 'openai', apiKeyEnv: 'KEY', chat: { template: 't.jinja' } }, {}, "x.json: $.models.teacher.chat.render: OpenAI's API takes messages only"],
    ['the server\'s template on vLLM', { chat: { template: 'server' } }, {}, 'x.json: $.models.teacher.chat.template: "server" reads llama.cpp\'s /props'],
    ['the server\'s template from a server gkt launches', { kind: 'llamacpp', chat: { template: 'server' }, launch: { command: 'llama-server' } }, {}, 'x.json: $.models.teacher.chat.template: "server" is read before the run'],
    ['answer guidance without a budget', { chat: { template: 't.jinja', thinking: { guidance: 'answer' } } }, {}, 'x.json: $.models.teacher.chat.thinking.budget: is required when the guidance is taken from the answer'],
    ['a reserved template variable', { chat: { template: 't.jinja', variables: { messages: [] } } }, {}, 'x.json: $.models.teacher.chat.variables'],
    ['a date that is not one', { chat: { template: 't.jinja', date: '26 Jul 2024' } }, {}, 'x.json: $.models.teacher.chat.date'],
    ['api completions with the server\'s template', { api: 'completions', chat: { render: 'server' } }, {}, 'x.json: $.models.teacher.chat.render: the server\'s template is reached through api "chat"'],
    ['a TGI student behind its own template', {}, { kind: 'tgi', chat: { render: 'server' } }, 'x.json: $.pairs[0].student: "student" cannot continue the teacher\'s guidance in its own assistant turn (TGI'],
    ['markers that are the same', { chat: { template: 't.jinja', thinking: { open: '|', close: '|' } } }, {}, 'x.json: $.models.teacher.chat.thinking: open and close markers must differ'],
  ])('refuses %s', (_what, teacher, student, message) => {
    expect(problems(config(teacher, student)).some((line) => line.startsWith(message))).toBe(true);
  });

  it('accepts an OpenAI teacher behind its own template, and a vLLM student behind its own', () => {
    expect(problems(config({ kind: 'openai', apiKeyEnv: 'KEY', chat: { render: 'server' } }, { chat: { render: 'server' } }))).toEqual([]);
  });

  it('names a template file that is not there, with the config\'s other problems', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gkt-chat-config-'));
    try {
      const path = join(dir, 'c.json');
      await writeFile(path, JSON.stringify(config({ chat: { template: 'models/missing' } })));
      await expect(loadConfig(path, {})).rejects.toThrow(`$.models.teacher.chat.template: no such file or folder: ${join(dir, 'models', 'missing')}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('resolving the chat block', () => {
  const resolve = (teacher: Record<string, unknown>) =>
    resolveSweep(parseConfig(JSON.stringify(config(teacher)), 'x.json', {}), { baseDir: '/cfg', env: {}, datasetsDir: '/d', resultsDir: '/r' }).models.teacher!;

  it('fills the defaults, the template\'s path made absolute', () => {
    expect(resolve({ chat: { template: 'models/m' } })).toMatchObject({
      chat: { render: 'gkt', template: '/cfg/models/m', fewShot: 'one-message', prefill: 'continue', bos: 'auto', date: '2024-07-26', system: null, thinking: null, variables: {} },
      endpoint: { api: 'completions' },
    });
  });

  it('appends after the generation prompt for a reasoning model, with <think> markers and guidance from the thinking', () => {
    expect(resolve({ chat: { template: 'm.jinja', thinking: {} } }).chat).toMatchObject({
      prefill: 'append',
      thinking: { open: '<think>', close: '</think>', guidance: 'thinking', budget: null },
    });
  });

  it('speaks through the chat API when the server renders', () => {
    expect(resolve({ chat: { render: 'server' } })).toMatchObject({ chat: { render: 'server', template: null }, endpoint: { api: 'chat' } });
  });

  it('renders the template a llama.cpp server reports when none is named', () => {
    expect(resolve({ kind: 'llamacpp', chat: {} }).chat).toMatchObject({ render: 'gkt', template: 'server' });
    expect(problems(config({ kind: 'llamacpp', chat: {} }))).toEqual([]);
    expect(problems(config({ kind: 'llamacpp', chat: {}, launch: { command: 'llama-server' } }))[0]).toMatch(/chat\.template: is required with render "gkt" for a llamacpp server/);
  });

  it('leaves a model without the block as it was: raw text', () => {
    expect(resolve({}).chat).toBeNull();
  });
});

describe('the shipped chat configs', () => {
  it.each(['chat-vllm.json', 'reasoning-vllm.json', 'smoke-chat.json'])('%s is valid', async (file) => {
    expect(problems(JSON.parse(await readFile(join('configs', file), 'utf8')))).toEqual([]);
  });
});
