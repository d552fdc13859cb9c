// The file system refusing the results folder: one line naming the path and the problem, exit 2; a disk
// that fills mid-run: exit 1, no torn line, the manifest saying how the session ended, and a resume that completes.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';
import { answer, splitTokens } from '../helpers/fake-replies.js';
import { GSM8K_MINI, workspace, type Workspace } from './helpers.js';

let fake: FakeOpenAi | null = null;
let space: Workspace | null = null;
const mounts: string[] = [];
afterEach(async () => {
  for (const dir of mounts.splice(0)) execFileSync('umount', [dir]);
  await fake?.close();
  await space?.cleanup();
  fake = null;
  space = null;
});

/** A tmpfs of `size` at `dir` (root only): a real read-only or full file system. False where it cannot be made. */
function tmpfs(dir: string, options: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    mounts.push(dir);
    return true;
  } catch {
    return false;
  }
}

const canMount = (() => {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** A student alone on the fixture's items; each answer is `bytes` long, so a small disk fills mid-run. */
async function setUp(bytes = 200): Promise<Workspace> {
  const long = Array.from({ length: Math.ceil(bytes / 8) }, (_, i) => `word${i % 100}`).join(' ');
  fake = await startFakeOpenAi({ model: 'm', answer: (r) => answer(` ${long} The answer is 5.`, { usage: { prompt: splitTokens(String(r.body.prompt)).length, completion: 10 } }) });
  space = await workspace({
    name: 'fs',
    models: { student: { kind: 'vllm', url: fake.url, model: 'm' } },
    datasets: [{ name: 'gsm8k', path: GSM8K_MINI }],
    singles: ['student'],
    outputLengths: [8, 16, 24],
    requests: { attempts: 1 },
    cache: false,
  });
  return space;
}

function expectOneLine(result: CliResult, code: number, line: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).not.toMatch(/internal error|^\s+at /m);
  const errors = result.stderr.split('\n').filter((l) => l.startsWith('gkt: ') && !/^gkt: (run "|\d+ teacher passes)/.test(l));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(line);
}

describe('a results folder the file system refuses', () => {
  it('a loop of symbolic links', async () => {
    const ws = await setUp();
    await symlink(join(ws.dir, 'b'), join(ws.dir, 'a'));
    await symlink(join(ws.dir, 'a'), join(ws.dir, 'b'));
    const result = await runCli(['run', ws.config, '--results', join(ws.dir, 'a')]);
    expectOneLine(result, 2, new RegExp(`^gkt: ${join(ws.dir, 'a')}\\S*: a loop of symbolic links`));
  });

  it('a run folder that is a file', async () => {
    const ws = await setUp();
    await mkdir(ws.results);
    await writeFile(ws.run('fs'), 'not a folder');
    const result = await runCli(['run', ws.config, '--results', ws.results]);
    expectOneLine(result, 2, new RegExp(`^gkt: ${ws.run('fs')}: a file, where a folder is needed`));
    expect(readFileSync(ws.run('fs'), 'utf8')).toBe('not a folder');
  });

  it.skipIf(!canMount)('a read-only file system', async () => {
    const ws = await setUp();
    const ro = join(ws.dir, 'ro');
    await mkdir(ro);
    expect(tmpfs(ro, 'size=1m,ro')).toBe(true);
    const result = await runCli(['run', ws.config, '--results', ro]);
    expectOneLine(result, 2, new RegExp(`^gkt: ${ro}: on a read-only file system`));
    expect(fake!.received('completions')).toHaveLength(0);
  });

  // Root writes through permission bits: this case needs an ordinary user.
  it.skipIf(process.getuid?.() === 0)('a folder without write permission', async () => {
    const ws = await setUp();
    const locked = join(ws.dir, 'locked');
    await mkdir(locked, { mode: 0o555 });
    const result = await runCli(['run', ws.config, '--results', locked]);
    expectOneLine(result, 2, new RegExp(`^gkt: ${locked}\\S*: permission denied`));
    await chmod(locked, 0o755);
  });
});

describe.skipIf(!canMount)('a disk that fills mid-run', () => {
  it('exits 1 naming the file, leaves whole lines and a manifest saying the session failed; a resume completes', async () => {
    const ws = await setUp(4000);
    await mkdir(ws.results);
    expect(tmpfs(ws.results, 'size=400k')).toBe(true);
    const full = await runCli(['run', ws.config, '--results', ws.results, '--quiet']);
    expectOneLine(full, 1, new RegExp(`^gkt: ${ws.run('fs')}/\\S+: no space left on the device \\(the disk is full\\)`));
    const run = ws.run('fs');
    const manifest = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8')) as { sessions: Array<{ status: string; message: string; ended: string | null }> };
    expect(manifest.sessions.at(-1)).toMatchObject({ status: 'failed', message: expect.stringMatching(/no space left on the device/) as string });
    expect(manifest.sessions.at(-1)!.ended).not.toBeNull();
    const files = readdirSync(join(run, 'cells')).map((f) => readFileSync(join(run, 'cells', f), 'utf8'));
    expect(files.length).toBeGreaterThan(0);
    for (const text of files) expect(text.endsWith('\n')).toBe(true);
    expect(existsSync(join(run, '.space-reserve'))).toBe(false);

    execFileSync('mount', ['-o', 'remount,size=8m', ws.results]);
    const resumed = await runCli(['run', ws.config, '--results', ws.results, '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const items = readdirSync(join(run, 'cells')).flatMap((f) =>
      readFileSync(join(run, 'cells', f), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; item?: string }).filter((l) => l.type === 'item').map((l) => `${f}:${l.item}`),
    );
    expect(items.length).toBe(3 * 8);
    expect(new Set(items).size).toBe(items.length);
  });
});
