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
    expect(first.code, first.stderr).toBe(0);
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
