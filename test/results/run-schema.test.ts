// The published schema of a run folder (results/gkt-run.schema.json) holds the writer: every file real runs write (base models
// with failures and a scheduler task; chat and reasoning models) is checked against it.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { GSM8K_MINI, workspace, type Workspace } from '../reliability/helpers.js';
import { simulator } from '../reliability/servers.js';

const schema = JSON.parse(await readFile(join(ROOT, 'results', 'gkt-run.schema.json'), 'utf8')) as { $id: string; definitions: Record<string, unknown> };

/** Compiled here, apart from gkt's own reader: the schema as another tool would use it. */
function validators(): (definition: string) => ValidateFunction {
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true, validateFormats: false });
  ajv.addSchema(schema);
  return (definition) => ajv.getSchema(`${schema.$id}#/definitions/${definition}`)!;
}

const check = validators();

function problems(definition: string, value: unknown, where: string): string[] {
  const validate = check(definition);
  return validate(value) ? [] : [`${where}: ${JSON.stringify(validate.errors)}`];
}

const jsonLines = async (path: string) => (await readFile(path, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);

let space: Workspace;
let chatResults: string;
let stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  // Both simulators fail some requests (one attempt each): failed records, of the teacher and of the student, are written too.
  const teacher = await simulator({ model: 'sim-teacher', accuracy: 0.8, faults: { rate: 0.3, kinds: ['500'], seed: 2 } });
  const student = await simulator({ model: 'sim-student', accuracy: 0.3, faults: { rate: 0.2, kinds: ['503'], seed: 4 } });
  stops = [() => teacher.close(), () => student.close()];
  space = await workspace({
    name: 'format',
    seed: 1,
    models: {
      teacher: { kind: 'simulated', url: teacher.url, model: 'sim-teacher', batch: 2, contextLength: 4096 },
      student: { kind: 'simulated', url: student.url, model: 'sim-student', contextLength: 4096 },
    },
    datasets: [{ name: 'gsm8k', path: GSM8K_MINI, outputLengths: [40] }],
    pairs: [{ teacher: 'teacher', student: 'student' }],
    guidance: [10, 20],
    baselines: { studentAlone: true, teacherAlone: true, teacherAloneBatched: true },
    requests: { attempts: 1, timeoutSeconds: 30, maxErrorRate: 1 },
    cache: false,
  });
  const first = await runCli(['run', space.config, '--results', space.results, '--quiet']);
  expect(first.code, first.stderr).toBe(3);
  // A second session, a Slurm job's, redoes the failed items: files mended and appended to, a summary and indexes
  // written again, and the scheduler task in the manifest and its session.
  const second = await runCli(['run', space.config, '--results', space.results, '--quiet', '--retry-errors'], { env: { SLURM_JOB_ID: '4242' } });
  expect(second.code, second.stderr).toBe(3);
  // Chat and reasoning models: chat formatting in the plan and the manifest, thinking and answers in the records.
  chatResults = join(space.dir, 'chat-results');
  const chat = await runCli(['run', join(ROOT, 'configs', 'smoke-chat.json'), '--results', chatResults, '--quiet']);
  expect(chat.code, chat.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
  await rm(space.dir, { recursive: true, force: true });
});

interface Checked {
  problems: string[];
  seen: Record<'pass' | 'teacher' | 'cell' | 'item' | 'segment' | 'index' | 'failedTeacher' | 'failedStudent', number>;
  /** Every line and document read, to look for fields in. */
  documents: unknown[];
}

/** Every file of a run folder against its definition: manifest, plan, every line of the pass, cell and index files. */
async function checkFolder(run: string): Promise<Checked> {
  const found: string[] = [];
  const documents: unknown[] = [];
  const manifest = JSON.parse(await readFile(join(run, 'manifest.json'), 'utf8')) as unknown;
  const plan = JSON.parse(await readFile(join(run, 'plan.json'), 'utf8')) as unknown;
  documents.push(manifest, plan);
  found.push(...problems('manifest', manifest, 'manifest.json'));
  found.push(...problems('plan', plan, 'plan.json'));
  const seen = { pass: 0, teacher: 0, cell: 0, item: 0, segment: 0, index: 0, failedTeacher: 0, failedStudent: 0 };
  for (const [sub, definition] of [['teacher', 'passLine'], ['cells', 'cellLine']] as const) {
    for (const name of await readdir(join(run, sub))) {
      expect(name, `${sub}/ holds record files only`).toMatch(/^[tc]-[0-9a-f]{12}\.jsonl$/);
      for (const [i, line] of (await jsonLines(join(run, sub, name))).entries()) {
        found.push(...problems(definition, line, `${sub}/${name}:${i + 1}`));
        documents.push(line);
        const record = line as { type: keyof typeof seen; error?: { role?: string } | null };
        seen[record.type] += 1;
        if (record.type === 'teacher' && record.error) seen.failedTeacher += 1;
        if (record.type === 'item' && record.error?.role === 'student') seen.failedStudent += 1;
      }
    }
  }
  for (const name of await readdir(join(run, 'index'))) {
    const [header, ...entries] = await jsonLines(join(run, 'index', name));
    const dataset = name.startsWith('dataset-');
    found.push(...problems(dataset ? 'datasetIndexHeader' : 'indexHeader', header, `index/${name}:1`));
    for (const [i, entry] of entries.entries()) {
      found.push(...problems(dataset ? 'datasetIndexEntry' : 'indexLine', entry, `index/${name}:${i + 2}`));
    }
    seen.index += 1;
  }
  return { problems: found, seen, documents };
}

/** Whether any object in `value`, at any depth, has `key` (with a value other than null, unless `orNull`). */
function holds(value: unknown, key: string, orNull = false): boolean {
  if (Array.isArray(value)) return value.some((v) => holds(v, key, orNull));
  if (value === null || typeof value !== 'object') return false;
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.some(([k, v]) => (k === key && (orNull || v !== null)) || holds(v, key, orNull));
}

describe('the published run-folder schema', () => {
  it('is a valid JSON Schema (draft-07), every definition compiling in strict mode', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true, validateFormats: false });
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    for (const definition of Object.keys(schema.definitions)) expect(check(definition), definition).toBeTypeOf('function');
  });

  it('holds every file a run writes: manifest, plan, every line of the pass, cell and index files', async () => {
    const { problems: found, seen, documents } = await checkFolder(space.run('format'));
    expect(found).toEqual([]);
    // What was checked: every kind of line, failed records of both roles among them.
    expect(seen).toMatchObject({ pass: 1, cell: 5, segment: expect.any(Number) as number, index: 7 });
    expect(seen.teacher).toBeGreaterThanOrEqual(8);
    expect(seen.item).toBeGreaterThanOrEqual(40);
    expect(seen.failedTeacher + seen.failedStudent).toBeGreaterThan(0);
    const manifest = documents[0] as { scheduler: unknown; sessions: Array<{ scheduler?: unknown }> };
    expect(manifest.scheduler).toEqual({ scheduler: 'slurm', job: '4242', array: null, task: null, pod: null });
    expect(manifest.sessions.map((s) => s.scheduler === undefined)).toEqual([true, false]);
    // Every rule is written, the newer ones too.
    expect(holds(documents, 'lm-eval-flexible')).toBe(true);
    expect(holds(documents, 'chat')).toBe(false);
  });

  it("holds a chat run's files: chat formatting in plan and manifest, a reasoning model's thinking and answer in its records", async () => {
    const { problems: found, seen, documents } = await checkFolder(join(chatResults, 'smoke-chat'));
    expect(found).toEqual([]);
    expect(seen.item).toBeGreaterThan(0);
    const [manifest, plan] = documents as [{ models: Record<string, { chat?: unknown }> }, { passes: Array<{ model: { chat?: unknown } }> }];
    expect(Object.values(manifest.models).every((m) => m.chat !== undefined)).toBe(true);
    expect(plan.passes.every((p) => p.model.chat !== undefined)).toBe(true);
    for (const key of ['thinking', 'answer', 'segment', 'thinkingTokens', 'boxed']) expect(holds(documents.slice(2), key), key).toBe(true);
  });
});
