// An API key from the environment never reaches a file, an output stream or a recorded error, even when a server echoes it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GSM8K_MINI, jsonlFiles, killLeftovers, listTree, recordsOf, runGkt, workspace, type Workspace } from './helpers.js';
import { proxy, simulator, type Exchange } from './servers.js';

const KEY = 'sk-gkt-secret-123456';
const ENV = 'GKT_RELIABILITY_API_KEY';

let space: Workspace | null = null;
const closers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  killLeftovers();
  for (const c of closers.splice(0)) await c.close();
  await space?.cleanup();
  space = null;
});

/** A careless server: some failures quote the request's Authorization header back in their message. */
function echoKey(exchange: Exchange, index: number): { status: number; body: unknown } | null {
  const auth = String(exchange.headers.authorization ?? '');
  if (index % 5 === 2) return { status: 401, body: { error: { message: `Incorrect API key provided: ${auth.replace(/^Bearer /, '')}`, type: 'invalid_request_error' } } };
  if (index % 3 === 1) return { status: 500, body: { error: { message: `upstream failed for ${auth}`, type: 'server_error' } } };
  return null;
}

describe('API keys', () => {
  it('never appear in the results folder, the output, or recorded errors', async () => {
    const api = await simulator({ model: 'sim-api', accuracy: 0.75 });
    const student = await simulator({ model: 'sim-student', accuracy: 0.25 });
    const careless = await proxy(api.url, echoKey);
    closers.push(api, student, careless);
    space = await workspace({
      name: 'secrets',
      seed: 1,
      models: {
        api: { kind: 'openai', url: careless.url, model: 'sim-api', apiKeyEnv: ENV, batch: 4 },
        student: { kind: 'simulated', url: student.url, model: 'sim-student' },
      },
      datasets: [{ name: 'gsm8k', path: GSM8K_MINI, outputLengths: [30] }],
      pairs: [{ teacher: 'api', student: 'student' }],
      guidance: [20],
      baselines: { studentAlone: false, teacherAlone: true, teacherAloneBatched: false },
      requests: { attempts: 2, timeoutSeconds: 30, maxErrorRate: 1 },
    });
    const runDir = space.run('secrets');
    const env = { [ENV]: KEY };
    const args = ['run', space.config, '--results', space.results];

    const first = await runGkt(args, env);
    expect(first.code, first.stderr).toBe(3);
    // Redone, and stopped by the error budget, whose message quotes the last error.
    const second = await runGkt([...args, '--retry-errors', '--max-errors', '0'], env);
    expect(second.code, second.stderr).toBe(1);
    expect(second.stderr).toMatch(/stopped: 1 requests failed \(more than --max-errors 0\); last error: .*\[redacted\]/);

    // The key did go out, on every request, and came back in error bodies.
    expect(careless.generations().length).toBeGreaterThan(10);
    expect(careless.exchanges.every((e) => e.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    const errors = [...jsonlFiles(runDir, 'teacher').flatMap((f) => recordsOf(f, 'teacher')), ...jsonlFiles(runDir, 'cells').flatMap((f) => recordsOf(f, 'item'))]
      .map((r) => r.error as { kind: string; message: string; attempts: number } | null)
      .filter((e) => e !== null);
    expect(errors.some((e) => e.kind === 'client' && e.attempts === 1 && e.message.includes('Incorrect API key provided: [redacted]'))).toBe(true);
    expect(errors.some((e) => e.kind === 'server' && e.attempts === 2 && e.message.includes('[redacted]'))).toBe(true);

    for (const file of await listTree(space.dir)) {
      expect(readFileSync(join(space.dir, file), 'utf8'), file).not.toContain(KEY);
    }
    for (const text of [first.stdout, first.stderr, second.stdout, second.stderr]) expect(text).not.toContain(KEY);
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as { models: Record<string, { apiKeyEnv: string | null }> };
    expect(manifest.models.api!.apiKeyEnv).toBe(ENV);
  }, 40_000);
});

const PASSWORD = 'gkt-url-secret-987654';
const BASIC = `Basic ${Buffer.from(`gkt:${PASSWORD}`).toString('base64')}`;

/** A careless server behind basic auth: refuses a request without it, and quotes the password or the header in some failures. */
function echoPassword(exchange: Exchange, index: number): { status: number; body: unknown } | null {
  const auth = String(exchange.headers.authorization ?? '');
  if (auth !== BASIC) return { status: 401, body: { error: { message: `no valid credentials: ${auth}` } } };
  if (index % 5 === 2) return { status: 400, body: { error: { message: `bad request from ${auth} (password ${PASSWORD})` } } };
  if (index % 3 === 1) return { status: 500, body: { error: { message: `upstream failed for ${auth}` } } };
  return null;
}

describe('passwords in a URL', () => {
  it('are sent as basic auth on every route, and never appear in the results folder, the output or a message', async () => {
    const teacherSim = await simulator({ model: 'sim-teacher', accuracy: 0.75 });
    const student = await simulator({ model: 'sim-student', accuracy: 0.25 });
    const guarded = await proxy(teacherSim.url, echoPassword);
    closers.push(teacherSim, student, guarded);
    const withPassword = guarded.url.replace('http://', `http://gkt:${PASSWORD}@`);
    space = await workspace({
      name: 'url-secrets',
      seed: 1,
      models: {
        teacher: { kind: 'simulated', url: withPassword, model: 'sim-teacher', batch: 4 },
        student: { kind: 'simulated', url: student.url, model: 'sim-student' },
      },
      datasets: [{ name: 'gsm8k', path: GSM8K_MINI, outputLengths: [30] }],
      pairs: [{ teacher: 'teacher', student: 'student' }],
      guidance: [20],
      baselines: { studentAlone: false, teacherAlone: true, teacherAloneBatched: false },
      requests: { attempts: 2, timeoutSeconds: 30, maxErrorRate: 1 },
    });
    const fromConfig = await runGkt(['run', space.config, '--results', space.results]);
    expect(fromConfig.code, fromConfig.stderr).toBe(3);
    // One cell from flags: the URL is in the command line, and so in the session the manifest keeps.
    const fromFlags = await runGkt([
      'run', '--dataset', 'gsm8k', '--dataset-path', GSM8K_MINI, '--results', space.results, '--run-name', 'flags',
      '--teacher-url', withPassword, '--teacher-model', 'sim-teacher', '--teacher-kind', 'simulated',
      '--student-url', student.url, '--student-model', 'sim-student', '--student-kind', 'simulated',
      '--guidance', '20', '--output-length', '30', '--batch', '4', '--max-error-rate', '1',
    ]);
    expect(fromFlags.code, fromFlags.stderr).toBe(3);
    // A run stopped by the error budget, whose message quotes the last error.
    const stopped = await runGkt(['run', space.config, '--results', space.results, '--retry-errors', '--max-errors', '0', '--run-name', 'stopped']);

    // The credentials went out on every request, listing and /tokenize included, and came back in error bodies.
    expect(guarded.exchanges.length).toBeGreaterThan(10);
    expect(guarded.exchanges.filter((e) => e.path.endsWith('/models')).length).toBeGreaterThan(0);
    expect(guarded.exchanges.filter((e) => e.path.endsWith('/tokenize')).length).toBeGreaterThan(0);
    expect(guarded.exchanges.every((e) => e.headers.authorization === BASIC)).toBe(true);
    const errors = jsonlFiles(space.run('url-secrets'), 'teacher').flatMap((f) => recordsOf(f, 'teacher')).map((r) => r.error as { message: string } | null).filter((e) => e !== null);
    expect(errors.some((e) => e.message.includes('bad request from [redacted] (password [redacted])'))).toBe(true);

    const encoded = BASIC.slice('Basic '.length);
    for (const file of await listTree(space.results)) {
      const text = readFileSync(join(space.results, file), 'utf8');
      expect(text, file).not.toContain(PASSWORD);
      expect(text, file).not.toContain(encoded);
    }
    for (const run of [fromConfig, fromFlags, stopped]) {
      for (const text of [run.stdout, run.stderr]) {
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toContain(encoded);
      }
    }
    const manifest = JSON.parse(readFileSync(join(space.run('flags'), 'manifest.json'), 'utf8')) as { sessions: Array<{ argv: string[] }>; models: Record<string, { urls: string[] }> };
    expect(manifest.sessions[0]!.argv).toContain(guarded.url.replace('http://', 'http://[redacted]@'));
    expect(manifest.models.teacher!.urls).toEqual([guarded.url]);
  }, 60_000);
});
