import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { UsageError } from '../../src/util/errors.js';

const base = {
  name: 'demo',
  models: {
    teacher: { kind: 'vllm', url: 'http://127.0.0.1:8000/v1', model: 'meta-llama/Llama-2-13b-hf', contextLength: 4096 },
    student: { kind: 'vllm', url: 'http://127.0.0.1:8001/v1', model: 'meta-llama/Llama-2-7b-hf', contextLength: 4096 },
  },
  datasets: [{ name: 'gsm8k' }],
  pairs: [{ teacher: 'teacher', student: 'student' }],
};

function problems(config: unknown, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseConfig(JSON.stringify(config), 'configs/x.json', env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message.split('\n');
  }
}

const withModel = (patch: Record<string, unknown>) => ({ ...base, models: { ...base.models, teacher: { ...base.models.teacher, ...patch } } });

describe('parseConfig', () => {
  it('accepts a minimal valid config', () => {
    expect(problems(base)).toEqual([]);
  });

  it.each([
    ['an unknown top-level key', { ...base, guidanceLength: [40] }, 'configs/x.json: $.guidanceLength: unknown key'],
    ['an unknown model key', withModel({ batchsize: 24 }), 'configs/x.json: $.models.teacher.batchsize: unknown key'],
    ['a wrong type', withModel({ batch: '24' }), 'configs/x.json: $.models.teacher.batch: must be integer'],
    ['a batch of 0', withModel({ batch: 0 }), 'configs/x.json: $.models.teacher.batch: must be >= 1'],
    ['an unknown server kind', withModel({ kind: 'triton' }), 'configs/x.json: $.models.teacher.kind: must be one of'],
    ['a missing model id', { ...base, models: { ...base.models, student: { kind: 'vllm', url: 'http://h/v1' } } }, 'configs/x.json: $.models.student.model: is required'],
    ['a missing name', { models: base.models, datasets: base.datasets, pairs: base.pairs }, 'configs/x.json: $.name: is required'],
    ['an unknown dataset', { ...base, datasets: [{ name: 'mmlu' }] }, 'configs/x.json: $.datasets[0].name: must be one of "gsm8k", "csqa"'],
    ['a pair naming a missing model', { ...base, pairs: [{ teacher: 'teacher', student: 'llama-7b' }] }, 'configs/x.json: $.pairs[0].student: no model "llama-7b" in $.models'],
    ['a pair of one model with itself', { ...base, pairs: [{ teacher: 'teacher', student: 'teacher' }] }, 'configs/x.json: $.pairs[0]: teacher and student are the same model'],
    ['nothing to run', { ...base, pairs: [] }, 'configs/x.json: $.pairs: nothing to run'],
    ['a guidance length of 0', { ...base, guidance: [0] }, 'configs/x.json: $.guidance[0]: must be >= 1'],
    ['a guidance longer than the teacher context', { ...base, guidance: [4096] }, 'configs/x.json: $.guidance: guidance of 4096 tokens cannot fit teacher "teacher"'],
    ['an output longer than the student context', { ...base, outputLengths: [5000] }, 'configs/x.json: $.outputLengths: output of 5000 tokens cannot fit student "student"'],
    ['too many CSQA shots', { ...base, datasets: [{ name: 'csqa', shots: 8 }] }, 'configs/x.json: $.datasets[0].shots: csqa has 7 exemplars, 8 asked'],
    ['limit and sample together', { ...base, datasets: [{ name: 'gsm8k', limit: 5, sample: 5 }] }, 'configs/x.json: $.datasets[0]: give limit or sample, not both'],
    ['a dataset listed twice', { ...base, datasets: [{ name: 'gsm8k' }, { name: 'gsm8k' }] }, 'configs/x.json: $.datasets[1].name: "gsm8k" is listed twice'],
    ['no URL', withModel({ url: undefined }), 'configs/x.json: $.models.teacher.url: is required (or urls, or launch.simulate)'],
    ['both url and urls', withModel({ urls: ['http://a/v1'] }), 'configs/x.json: $.models.teacher: give url or urls, not both'],
    ['a non-http URL', withModel({ url: 'localhost:8000' }), 'configs/x.json: $.models.teacher.url: must be an http:// or https:// URL'],
    ['Ollama through its chat-templated /v1', withModel({ kind: 'ollama', api: 'completions' }), 'configs/x.json: $.models.teacher.api: Ollama wraps /v1 prompts in a chat template'],
    ['an OpenAI teacher without a key variable', withModel({ kind: 'openai', url: 'https://api.openai.com/v1' }), 'configs/x.json: $.models.teacher.apiKeyEnv: is required for kind "openai"'],
    ['a key variable that is not set', withModel({ apiKeyEnv: 'GKT_TEST_KEY' }), 'configs/x.json: $.models.teacher.apiKeyEnv: environment variable GKT_TEST_KEY is not set'],
    ['a password in the URL and a key variable', withModel({ url: 'http://gkt:pw@127.0.0.1:8000/v1', apiKeyEnv: 'GKT_TEST_KEY' }), 'configs/x.json: $.models.teacher.apiKeyEnv: a URL with a user and password sends them as basic auth'],
    ['a negative wait for a server that is down', { ...base, requests: { serverWaitSeconds: -1 } }, 'configs/x.json: $.requests.serverWaitSeconds: must be >= 0'],
    ['a simulated launch on a real kind', withModel({ launch: { simulate: { accuracy: 0.5 } } }), 'configs/x.json: $.models.teacher.kind: must be "simulated" when launch.simulate is set'],
    ['a sampling typo', { ...base, sampling: { teacher: { temperature: 0.8, top_p: 0.9 } } }, 'configs/x.json: $.sampling.teacher'],
    ['an unknown projection', { ...base, projections: ['summary'] }, 'configs/x.json: $.projections[0]: must be one of "cutoff", "concise", "hint"'],
    ['a bad mode', { ...base, mode: 'fast' }, 'configs/x.json: $.mode: must be one of "faithful", "practical"'],
    ['a retry backoff past the cap of every wait', { ...base, requests: { backoffSeconds: 30 } }, 'configs/x.json: $.requests.backoffSeconds: must be <= 20'],
    ['a pair dataset not in the sweep', { ...base, pairs: [{ teacher: 'teacher', student: 'student', datasets: ['csqa'] }] }, 'configs/x.json: $.pairs[0].datasets[0]: dataset "csqa" is not in $.datasets'],
  ])('refuses %s with one line naming the file and path', (_what, config, expected) => {
    const lines = problems(config);
    expect(lines.some((line) => line.startsWith(expected)), lines.join('\n')).toBe(true);
    for (const line of lines) expect(line).toMatch(/^configs\/x\.json: \$/);
  });

  it('lists every problem at once', () => {
    const config = {
      ...base,
      extra: true,
      models: { ...base.models, teacher: { ...base.models.teacher, batch: -1, kind: 'triton' } },
      pairs: [{ teacher: 'teacher', student: 'nobody' }],
      guidance: [0],
    };
    const lines = problems(config);
    expect(lines).toEqual(
      expect.arrayContaining([
        'configs/x.json: $.extra: unknown key',
        'configs/x.json: $.models.teacher.batch: must be >= 1',
        expect.stringMatching(/^configs\/x\.json: \$\.models\.teacher\.kind: must be one of/),
        'configs/x.json: $.pairs[0].student: no model "nobody" in $.models',
        'configs/x.json: $.guidance[0]: must be >= 1',
      ]),
    );
  });

  it('judges a value the definition refused no further: no problems made up from it', () => {
    expect(problems(withModel({ contextLength: 1.5, url: 'localhost:8000' }))).toEqual([
      'configs/x.json: $.models.teacher.url: must be an http:// or https:// URL',
      'configs/x.json: $.models.teacher.contextLength: must be integer',
    ]);
    expect(problems({ ...base, models: { ...base.models, teacher: { kind: 'triton', url: 'http://h/v1' } } })).toEqual([
      'configs/x.json: $.models.teacher.kind: must be one of "vllm", "sglang", "llamacpp", "tgi", "ollama", "openai", "simulated", "generic"',
      'configs/x.json: $.models.teacher.model: is required',
    ]);
  });

  it('names the line and column of broken JSON', () => {
    expect(() => parseConfig('{\n  "name": "x",\n  "models": {,\n}', 'configs/x.json', {})).toThrow(/^configs\/x\.json:3:\d+: not valid JSON/);
  });

  it('accepts a key variable that is set, and never needs the key itself', () => {
    expect(problems(withModel({ apiKeyEnv: 'GKT_TEST_KEY' }), { GKT_TEST_KEY: 'sk-secret' })).toEqual([]);
  });

  it('accepts per-pair lengths, singles and a simulated model', () => {
    const config = {
      ...base,
      models: { ...base.models, sim: { kind: 'simulated', model: 'sim-1', launch: { simulate: { accuracy: 0.5, slots: 4 } } } },
      pairs: [{ teacher: 'teacher', student: 'student', guidance: [30, 40], outputLengths: [200, 300], projections: ['cutoff', 'concise'] }],
      singles: ['sim', { model: 'teacher', outputLengths: [300], datasets: ['gsm8k'] }],
    };
    expect(problems(config)).toEqual([]);
  });
});
