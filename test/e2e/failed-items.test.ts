// A run whose items ended failed exits 3, unless the user allows that share of failures; the summary says which.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import type { Script } from '../helpers/fake-openai.js';
import { fakeWorkspace } from '../helpers/fake-workspace.js';
import { answer, splitTokens } from '../helpers/fake-replies.js';
import { GSM8K_MINI } from '../reliability/helpers.js';

const env = fakeWorkspace();

/** A student alone on `items` items, answered by `script`. */
async function run(script: Script, extra: { requests?: Record<string, unknown>; args?: string[] } = {}) {
  const space = await env.start({ model: 'm', answer: script }, (url) => ({
    name: 'fails',
    models: { student: { kind: 'vllm', url, model: 'm' } },
    datasets: [{ name: 'gsm8k', path: GSM8K_MINI, limit: 4 }],
    singles: ['student'],
    outputLengths: [8],
    requests: { attempts: 1, serverWaitSeconds: 0, ...extra.requests },
    cache: false,
  }));
  const result = await runCli(['run', space.config, '--results', space.results, ...(extra.args ?? [])]);
  const summary = readFileSync(join(space.run('fails'), 'summary.txt'), 'utf8');
  return { ...result, summary };
}

/** An honest answer: its usage counts the prompt as the fake's /tokenize does. */
const good: Script = (r) => answer(' 5', { usage: { prompt: splitTokens(String(r.body.prompt)).length, completion: 1 } });
const bad = { type: 'status', status: 400, message: 'max_tokens is too large' } as const;

describe('the exit code of a run with failed items', () => {
  it('is 3 when every request failed (HTTP 400), the summary and stderr saying how many', async () => {
    const result = await run(() => bad);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toMatch(/items: 4 of 4 items failed \(100%\): exit 3/);
    expect(result.summary).toMatch(/items: 4 of 4 items failed \(100%\): exit 3/);
    expect(result.stderr).toMatch(/gkt: 4 of 4 items failed\n/);
  });

  it('is 3 for a server answering empty 200s', async () => {
    const result = await run(() => ({ type: 'empty-choices' }));
    expect(result.code, result.stderr).toBe(3);
  });

  it('is 3 when one item of four failed, 0 with a share allowed by flag or config, and 0 with none failed', async () => {
    const oneBad: Script = (r, n) => (n === 2 ? bad : good(r, n));
    const strict = await run(oneBad);
    expect(strict.code).toBe(3);
    expect(strict.stdout).toMatch(/items: 1 of 4 items failed \(25%\): exit 3/);
    await env.stop();

    const flagged = await run(oneBad, { args: ['--allow-failures', '0.25'] });
    expect(flagged.code, flagged.stderr).toBe(0);
    expect(flagged.summary).toMatch(/items: 1 of 4 items failed \(25%\), within the 25% allowed: exit 0/);
    await env.stop();

    const configured = await run(oneBad, { requests: { allowFailures: 0.1 } });
    expect(configured.code).toBe(3);
    expect(configured.stderr).toMatch(/more than the 10% allowed \(requests.allowFailures, --allow-failures\)/);
    await env.stop();

    const clean = await run(good);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/items: all 4 answered, none failed/);
  });

  it('exits 0 once --retry-errors has redone the failed item, its time marked as holding the failed attempts', async () => {
    let failing = true;
    const first = await run((r, n) => (failing && n === 2 ? bad : good(r, n)));
    expect(first.code).toBe(3);
    failing = false;
    const retried = await runCli(['run', env.space.config, '--results', env.space.results, '--retry-errors']);
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stdout).toMatch(/items: all 4 answered, none failed/);
    const row = retried.stdout.split('\n').find((l) => l.startsWith('student'))!;
    expect(row).toMatch(/\d\.\d\d\^/);
    expect(retried.stdout).toMatch(/\^ some items were requested again \(--retry-errors\): the time includes the failed attempts/);
  });

  it('refuses an allowance that is not a fraction', async () => {
    const result = await runCli(['run', 'x.json', '--allow-failures', '5']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--allow-failures.*fraction from 0 to 1/);
  });
});
