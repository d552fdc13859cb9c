// The published schema of a run folder (results/gkt-run.schema.json) holds the writer: every file real runs write (base models
// with failures and a scheduler task; chat and reasoning models) is checked against it.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { check, checkFolder, holds, schema } from '../helpers/run-schema.js';
import { GSM8K_MINI, workspace, type Workspace } from '../reliability/helpers.js';
import { simulator } from '../reliability/servers.js';

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
