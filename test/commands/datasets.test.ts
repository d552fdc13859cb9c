// `gkt datasets fetch|list` run through the real CLI in-process, with captured streams and temp folders.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { CommandContext } from '../../src/util/command-context.js';
import { DATASET_SOURCES } from '../../src/datasets/sources.js';
import { sha256 } from '../../src/util/hash.js';
import { startScriptedServer } from '../datasets/scripted-server.js';
import { SHARED_DATASETS as SHARED, haveSharedDatasets } from '../helpers/shared-datasets.js';

const GSM8K_SHA = DATASET_SOURCES.gsm8k.sha256;
const CSQA_SHA = DATASET_SOURCES.csqa.sha256;

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'gkt-datasets-cmd-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function gkt(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const context: CommandContext = { stdin: new PassThrough(), stdout, stderr, cwd, env: {}, signal: new AbortController().signal };
  const code = await main(argv, context);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('gkt datasets fetch', () => {
  it.skipIf(!haveSharedDatasets)('imports from a local copy into --dir, then finds it present', async () => {
    const first = await gkt('datasets', 'fetch', 'gsm8k', '--from', SHARED, '--dir', 'data');
    const path = join(cwd, 'data', 'gsm8k', 'test.jsonl');
    expect(first).toEqual({
      code: 0,
      stdout: `gsm8k\timported\t${path}\tsha256 ${GSM8K_SHA}\n`,
      stderr: `gsm8k: importing ${join(SHARED, 'gsm8k', 'test.jsonl')}\ngsm8k: wrote ${path} (749738 bytes, sha256 ${GSM8K_SHA})\n`,
    });
    const second = await gkt('datasets', 'fetch', 'gsm8k', '--from', SHARED, '--dir', 'data');
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(`gsm8k\tpresent\t${path}\tsha256 ${GSM8K_SHA}\n`);
  });

  it.skipIf(!haveSharedDatasets)('resolves a relative --from against the working folder', async () => {
    await mkdir(join(cwd, 'copy'));
    await writeFile(join(cwd, 'copy', 'dev_rand_split.jsonl'), await readFile(join(SHARED, 'csqa', 'dev_rand_split.jsonl')));
    const result = await gkt('datasets', 'fetch', 'csqa', '--from', 'copy', '--dir', 'data');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`csqa\timported\t${join(cwd, 'data', 'csqa', 'dev_rand_split.jsonl')}\tsha256 ${CSQA_SHA}\n`);
  });

  it.skipIf(!haveSharedDatasets)('downloads from --url and checks the hash', async () => {
    const server = await startScriptedServer({ '/test.jsonl': [{ status: 200, body: await readFile(join(SHARED, 'gsm8k', 'test.jsonl')) }] });
    try {
      const result = await gkt('datasets', 'fetch', 'gsm8k', '--url', server.url('/test.jsonl'), '--dir', 'data');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`gsm8k\tdownloaded\t${join(cwd, 'data', 'gsm8k', 'test.jsonl')}\tsha256 ${GSM8K_SHA}\n`);
    } finally {
      await server.close();
    }
  });

  it.skipIf(!haveSharedDatasets)('exits 1 when the download has the wrong hash', async () => {
    // Same length, one byte changed: a different file, not a broken transfer, so it is not retried.
    const altered = Buffer.from(await readFile(join(SHARED, 'gsm8k', 'test.jsonl')));
    altered[10] = altered[10]! ^ 1;
    const server = await startScriptedServer({ '/test.jsonl': [{ status: 200, body: altered }] });
    try {
      const result = await gkt('datasets', 'fetch', 'gsm8k', '--url', server.url('/test.jsonl'), '--dir', 'data');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `gkt: cannot download gsm8k; nothing written: GET ${server.url('/test.jsonl')}: sha256 is ${sha256(altered)}, expected ${GSM8K_SHA}\n`,
      );
      expect(server.hits.get('/test.jsonl')).toBe(1);
      expect(existsSync(join(cwd, 'data'))).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('exits 2 on an unknown dataset', async () => {
    const result = await gkt('datasets', 'fetch', 'squad', '--dir', 'data');
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'gkt: unknown dataset "squad": expected gsm8k or csqa\n' });
  });

  it('exits 2 when a local copy has another hash', async () => {
    await writeFile(join(cwd, 'test.jsonl'), 'edited\n');
    const result = await gkt('datasets', 'fetch', 'gsm8k', '--from', '.', '--dir', 'data');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `gsm8k: importing ${join(cwd, 'test.jsonl')}\ngkt: ${join(cwd, 'test.jsonl')}: sha256 is ${sha256('edited\n')}, expected ${GSM8K_SHA} for gsm8k; nothing written\n`,
    );
  });
});

describe('gkt datasets list', () => {
  it.skipIf(!haveSharedDatasets)('shows each dataset as verified, modified or missing', async () => {
    await gkt('datasets', 'fetch', 'gsm8k', '--from', SHARED, '--dir', 'data');
    const gsm8k = join(cwd, 'data', 'gsm8k', 'test.jsonl');
    const csqa = join(cwd, 'data', 'csqa', 'dev_rand_split.jsonl');
    const listed = await gkt('datasets', 'list', '--dir', 'data');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toBe(
      [
        `dataset  state              path`,
        `gsm8k    present, verified  ${gsm8k}`,
        `csqa     missing            ${csqa}`,
        '',
        'csqa: fetch it with: gkt datasets fetch csqa',
        '',
      ].join('\n'),
    );

    await writeFile(gsm8k, 'edited\n');
    const after = await gkt('datasets', 'list', '--dir', 'data');
    expect(after.stdout).toContain(`gsm8k    present, modified  ${gsm8k}\n`);
    expect(after.stdout).toContain(
      `gsm8k: sha256 is ${sha256('edited\n')}, expected ${GSM8K_SHA}; refetch with: gkt datasets fetch gsm8k\n`,
    );
  });
});
