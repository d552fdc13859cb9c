// configs/gkt.schema.json is generated from the config's definition, and judges configs as gkt does.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_PATH, configJsonSchema, configJsonSchemaText } from '../../src/config/json-schema.js';
import { validateConfig } from '../../src/config/validate.js';
import { ROOT } from '../helpers/cli.js';

const shipped = async () => {
  const dir = join(ROOT, 'configs');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json') && f !== 'gkt.schema.json');
  return Promise.all(files.map(async (f) => ({ file: f, config: JSON.parse(await readFile(join(dir, f), 'utf8')) as unknown })));
};

const VARIED = ['smoke.json', 'smoke-chat.json', 'reasoning-vllm.json', 'paper-gsm8k-api-teacher.json', 'methods-gsm8k.json'];

/** Each value of the config replaced, one at a time, by values of other types and ranges, and each object given an unknown key. */
function* variants(value: unknown, set: (v: unknown) => unknown): Generator<unknown> {
  for (const other of ['x', -1, 0, 1.5, 5000, [], [1, 1], {}, null, true, 'greedy', { simulate: {} }]) yield set(other);
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* variants(item, (v) => set(value.map((x, j) => (j === i ? v : x))));
  } else if (value !== null && typeof value === 'object') {
    yield set({ ...value, unknownKey: 1 });
    for (const [key, item] of Object.entries(value)) {
      yield set(Object.fromEntries(Object.entries(value).filter(([k]) => k !== key)));
      yield* variants(item, (v) => set({ ...value, [key]: v }));
    }
  }
}

describe('configs/gkt.schema.json', () => {
  it('is the file `npm run schema` writes from the definition', async () => {
    expect(await readFile(CONFIG_SCHEMA_PATH, 'utf8'), 'configs/gkt.schema.json is stale: run npm run schema').toBe(configJsonSchemaText());
  });

  it('is draft-07, with a description for every top-level field but $schema, so editors complete a config', () => {
    const schema = configJsonSchema() as { $schema: string; properties: Record<string, { description?: string }> };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const undescribed = Object.entries(schema.properties).filter(([key, field]) => field.description === undefined && key !== '$schema');
    expect(undescribed.map(([key]) => key)).toEqual([]);
  });

  it('judges every shipped config, and thousands of variants of them, as gkt does', async () => {
    const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(JSON.parse(await readFile(CONFIG_SCHEMA_PATH, 'utf8')) as object);
    let refused = 0;
    for (const { file, config } of await shipped()) {
      expect(validateConfig(config).problems, file).toEqual([]);
      expect(validate(config), file).toBe(true);
      // These hold every kind of block between them: a simulator, chat, thinking, an API teacher, methods.
      if (!VARIED.includes(file)) continue;
      for (const variant of variants(config, (v) => v)) {
        const ours = validateConfig(variant).valid;
        expect(validate(variant), JSON.stringify(variant)).toBe(ours);
        if (!ours) refused += 1;
      }
    }
    expect(refused).toBeGreaterThan(1000);
  });
});

describe('problems told by the form a value chose', () => {
  const base = {
    name: 'demo',
    models: { sim: { kind: 'simulated', model: 'sim-1', launch: { simulate: {} } } },
    datasets: [{ name: 'gsm8k' }],
    singles: ['sim'],
  };
  const withLaunch = (launch: unknown) => validateConfig({ ...base, models: { sim: { ...base.models.sim, launch } } }).problems;

  it.each([
    ['a typo in the simulator', { simulate: { acuracy: 0.5 } }, ['$.models.sim.launch.simulate.acuracy: unknown key']],
    ['a bad value in a command', { command: 'vllm', readyTimeoutSeconds: 0 }, ['$.models.sim.launch.readyTimeoutSeconds: must be > 0']],
    ['both forms', { command: 'vllm', simulate: {} }, ['$.models.sim.launch: give "command" or "simulate", not both']],
    ['neither form', { args: [] }, ['$.models.sim.launch: needs "command" or "simulate"']],
    ['no object at all', 'vllm', ['$.models.sim.launch: must be an object with "command" or an object with "simulate"']],
  ])('%s', (_what, launch, expected) => {
    expect(withLaunch(launch)).toEqual(expected);
  });

  it.each([
    ['sampling', { sampling: { teacher: 'hot' } }, '$.sampling.teacher: must be "greedy" or an object with "temperature" and "topP"'],
    ['shots', { shots: 1.5 }, '$.shots: must be an integer or an array'],
    ['a repeated shot count', { shots: [4, 4] }, '$.shots: lists 4 twice'],
    ['cache', { cache: 'yes' }, '$.cache: must be a boolean or an object with "dir"'],
    ['a single', { singles: [3] }, '$.singles[0]: must be a string or an object with "model"'],
    ['a reserved template variable', { models: { sim: { ...base.models.sim, chat: { variables: { messages: [] } } } } }, '$.models.sim.chat.variables.messages: is not a valid key: "messages" is set by gkt'],
    ['a model key that cannot be a folder name', { models: { 'a/b': base.models.sim } }, '$.models["a/b"]: is not a valid key: must be letters, digits, ".", "_" or "-", starting with a letter or digit'],
    ['a model missing its kind', { models: { sim: { model: 'sim-1', launch: { simulate: {} } } } }, '$.models.sim.kind: is required'],
  ])('%s', (_what, patch, expected) => {
    expect(validateConfig({ ...base, ...patch }).problems).toEqual([expected]);
  });
});
