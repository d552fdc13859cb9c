// Servers started from config: gkt launches the command, waits for /v1/models, keeps the log, stops it at the end.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../helpers/cli.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a model with launch.command', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gkt-launch-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is started, checked, logged and stopped', async () => {
    const port = await freePort();
    const fixture = join(ROOT, 'datasets/fixtures/gsm8k-mini.jsonl');
    const config = {
      name: 'launched',
      models: {
        local: {
          kind: 'generic',
          url: `http://127.0.0.1:${port}/v1`,
          model: 'sim-launched',
          launch: {
            command: process.execPath,
            args: [BIN, 'serve', '--simulate', '--port', String(port), '--model', 'sim-launched', '--dataset', `gsm8k=${fixture}`],
            env: { GKT_LAUNCH_TEST: '1' },
            readyTimeoutSeconds: 30,
          },
        },
      },
      datasets: [{ name: 'gsm8k', path: fixture, limit: 3 }],
      singles: ['local'],
      outputLengths: [40],
    };
    await writeFile(join(dir, 'launched.json'), JSON.stringify(config));
    const result = await runCli(['run', join(dir, 'launched.json'), '--results', join(dir, 'results')]);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    const log = await readFile(join(dir, 'results', 'launched', 'servers', 'local.log'), 'utf8');
    expect(log).toContain('serve --simulate');
    expect(log).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\/v1/);
    expect(log).toMatch(/# exited with (0|SIGTERM)\n/);
    const manifest = JSON.parse(await readFile(join(dir, 'results', 'launched', 'manifest.json'), 'utf8'));
    expect(manifest.models.local).toMatchObject({ launched: true, served: ['sim-launched'] });
    // Stopped: nothing listens on its port any more.
    await expect(fetch(`http://127.0.0.1:${port}/v1/models`)).rejects.toThrow();
  });

  it('reports a command that exits before it is ready, with the end of its log', async () => {
    const config = {
      name: 'broken',
      models: {
        local: {
          kind: 'vllm',
          url: `http://127.0.0.1:${await freePort()}/v1`,
          model: 'x',
          launch: { command: process.execPath, args: ['-e', 'console.error("no GPU found"); process.exit(3)'], readyTimeoutSeconds: 20 },
        },
      },
      datasets: [{ name: 'gsm8k', path: join(ROOT, 'datasets/fixtures/gsm8k-mini.jsonl'), limit: 1 }],
      singles: ['local'],
    };
    await writeFile(join(dir, 'broken.json'), JSON.stringify(config));
    const result = await runCli(['run', join(dir, 'broken.json'), '--results', join(dir, 'results')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/exited before it was ready/);
    expect(result.stderr).toMatch(/no GPU found/);
  });

  it('is taken over and stopped by the run that resumes after gkt was killed', async () => {
    const port = await freePort();
    const fixture = join(ROOT, 'datasets/fixtures/gsm8k-mini.jsonl');
    const config = {
      name: 'orphan',
      models: {
        local: {
          kind: 'generic',
          url: `http://127.0.0.1:${port}/v1`,
          model: 'sim-slow',
          launch: {
            command: process.execPath,
            args: [BIN, 'serve', '--simulate', '--port', String(port), '--model', 'sim-slow', '--decode-ms', '15', '--dataset', `gsm8k=${fixture}`],
            readyTimeoutSeconds: 30,
          },
        },
      },
      datasets: [{ name: 'gsm8k', path: fixture }],
      singles: ['local'],
      outputLengths: [40],
      cache: false,
    };
    const path = join(dir, 'orphan.json');
    const results = join(dir, 'orphan-results');
    await writeFile(path, JSON.stringify(config));
    const first = spawn(process.execPath, [BIN, 'run', path, '--results', results, '--quiet'], { stdio: 'ignore', env: { ...process.env, CI: 'true' } });
    const run = join(results, 'orphan');
    const pidFile = join(run, 'servers', 'local.pid');
    const items = async () => {
      const cells = await readdir(join(run, 'cells')).catch(() => []);
      const text = cells.length === 0 ? '' : await readFile(join(run, 'cells', cells[0]!), 'utf8');
      return text.split('\n').filter((l) => l.includes('"type":"item"')).length;
    };
    await until(async () => (await items()) >= 1);
    const server = JSON.parse(await readFile(pidFile, 'utf8')) as { pid: number };
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    // The server outlives a gkt killed with -9: nothing could stop it.
    expect(alive(server.pid)).toBe(true);

    const resumed = await runCli(['run', path, '--results', results]);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`interrupted session launched \\(pid ${server.pid}\\); taking it over`));
    await until(async () => !alive(server.pid), 15_000);
    await expect(readFile(pidFile, 'utf8')).rejects.toThrow();
    expect(await items()).toBe(8);
  }, 90_000);
});
