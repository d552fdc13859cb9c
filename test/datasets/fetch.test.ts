// Dataset fetch against a local scripted server: verified bytes are written whole; every failure writes nothing.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchDataset, type FetchDatasetOptions } from '../../src/datasets/fetch.js';
import { DATASET_SOURCES, type DatasetSources } from '../../src/datasets/sources.js';
import { GktError, StoppedError, UsageError } from '../../src/util/errors.js';
import { sha256 } from '../../src/util/hash.js';
import { startScriptedServer, type Reply, type ScriptedServer } from './scripted-server.js';
import { SHARED_DATASETS as SHARED, haveSharedDatasets } from '../helpers/shared-datasets.js';

const MINI = await readFile(fileURLToPath(new URL('../../datasets/fixtures/gsm8k-mini.jsonl', import.meta.url)));
const MINI_SHA = sha256(MINI);

let dir: string;
let server: ScriptedServer | undefined;
let lines: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gkt-fetch-'));
  lines = [];
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** A source table whose gsm8k entry is the mini fixture served at the given paths. */
async function serve(routes: Record<string, Reply[]>, paths = Object.keys(routes)): Promise<DatasetSources> {
  server = await startScriptedServer(routes);
  const urls = paths.map((path) => server!.url(path));
  return { ...DATASET_SOURCES, gsm8k: { file: 'gsm8k/test.jsonl', sha256: MINI_SHA, bytes: MINI.length, urls } };
}

function options(sources: DatasetSources, extra: Partial<FetchDatasetOptions> = {}): FetchDatasetOptions {
  return { dir, sources, timeoutMs: 2000, retryDelayMs: 5, log: (line) => lines.push(line), ...extra };
}

const target = () => join(dir, 'gsm8k', 'test.jsonl');

async function expectNothingWritten(): Promise<void> {
  expect(existsSync(join(dir, 'gsm8k'))).toBe(false);
  expect(await readdir(dir)).toEqual([]);
}

async function failure(promise: Promise<unknown>): Promise<GktError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GktError);
  expect((error as Error).message).not.toContain('\n');
  return error as GktError;
}

describe('fetchDataset downloads', () => {
  it('writes the verified bytes and leaves no temp file', async () => {
    const sources = await serve({ '/mini.jsonl': [{ status: 200, body: MINI }] });
    const result = await fetchDataset('gsm8k', options(sources));
    expect(result).toEqual({ path: target(), sha256: MINI_SHA, status: 'downloaded' });
    expect(await readFile(target())).toEqual(MINI);
    expect(await readdir(join(dir, 'gsm8k'))).toEqual(['test.jsonl']);
    expect(lines.at(-1)).toBe(`gsm8k: wrote ${target()} (${MINI.length} bytes, sha256 ${MINI_SHA})`);
  });

  it('does nothing when the file is already there and verified', async () => {
    const sources = await serve({ '/mini.jsonl': [{ status: 200, body: MINI }] });
    await fetchDataset('gsm8k', options(sources));
    const again = await fetchDataset('gsm8k', options(sources));
    expect(again.status).toBe('present');
    expect(server!.hits.get('/mini.jsonl')).toBe(1);
    expect(lines.at(-1)).toBe(`gsm8k: ${target()} is already present and verified (sha256 ${MINI_SHA})`);
  });

  it('replaces a modified file, saying so', async () => {
    await mkdir(join(dir, 'gsm8k'));
    await writeFile(target(), 'edited\n');
    const sources = await serve({ '/mini.jsonl': [{ status: 200, body: MINI }] });
    expect((await fetchDataset('gsm8k', options(sources))).status).toBe('downloaded');
    expect(await readFile(target())).toEqual(MINI);
    expect(lines[0]).toBe(`gsm8k: ${target()} has sha256 ${sha256('edited\n')}, expected ${MINI_SHA}; it will be replaced`);
  });

  it('retries a 500 and takes the 200 that follows', async () => {
    const sources = await serve({ '/mini.jsonl': [{ status: 500 }, { status: 200, body: MINI }] });
    expect((await fetchDataset('gsm8k', options(sources))).status).toBe('downloaded');
    expect(server!.hits.get('/mini.jsonl')).toBe(2);
    expect(lines).toContain(`GET ${server!.url('/mini.jsonl')}: 500 Internal Server Error; retrying in 0.005 s (attempt 2 of 3)`);
  });

  it('goes to the next address after a 404, without retrying it', async () => {
    const sources = await serve({ '/gone': [{ status: 404 }], '/mirror': [{ status: 200, body: MINI }] });
    expect((await fetchDataset('gsm8k', options(sources))).status).toBe('downloaded');
    expect(server!.hits.get('/gone')).toBe(1);
    expect(await readFile(target())).toEqual(MINI);
  });

  it('retries a body cut off before its declared length', async () => {
    const half = MINI.subarray(0, 100);
    const sources = await serve({ '/mini.jsonl': [{ truncate: half, declared: MINI.length }, { status: 200, body: MINI }] });
    expect((await fetchDataset('gsm8k', options(sources))).status).toBe('downloaded');
    expect(server!.hits.get('/mini.jsonl')).toBe(2);
  });

  it('downloads from --url instead of the table', async () => {
    const sources = await serve({ '/table': [{ status: 500 }], '/given': [{ status: 200, body: MINI }] }, ['/table']);
    const result = await fetchDataset('gsm8k', options(sources, { url: server!.url('/given') }));
    expect(result.status).toBe('downloaded');
    expect(server!.hits.get('/table')).toBeUndefined();
  });

  it.skipIf(!haveSharedDatasets).each([
    ['gsm8k', 'gsm8k/test.jsonl'],
    ['csqa', 'csqa/dev_rand_split.jsonl'],
  ] as const)('checks the real %s file against the pinned sha256', async (name, file) => {
    const bytes = await readFile(join(SHARED, ...file.split('/')));
    server = await startScriptedServer({ '/real': [{ status: 200, body: bytes }] });
    const sources: DatasetSources = { ...DATASET_SOURCES, [name]: { ...DATASET_SOURCES[name], urls: [server.url('/real')] } };
    const result = await fetchDataset(name, options(sources));
    expect(result).toEqual({ path: join(dir, ...file.split('/')), sha256: DATASET_SOURCES[name].sha256, status: 'downloaded' });
    expect(sha256(await readFile(result.path))).toBe(DATASET_SOURCES[name].sha256);
  });
});

describe('fetchDataset fails and writes nothing', () => {
  it('on a wrong hash, naming the address and both hashes, without retrying', async () => {
    const other = Buffer.concat([MINI, Buffer.from('\n')]);
    const sources = await serve({ '/mini.jsonl': [{ status: 200, body: other }] });
    const error = await failure(fetchDataset('gsm8k', options(sources)));
    const url = server!.url('/mini.jsonl');
    expect(error.message).toBe(
      `cannot download gsm8k; nothing written: GET ${url}: sha256 is ${sha256(other)}, expected ${MINI_SHA} (${other.length} bytes, expected ${MINI.length})`,
    );
    expect(error).not.toBeInstanceOf(UsageError);
    expect(server!.hits.get('/mini.jsonl')).toBe(1);
    await expectNothingWritten();
  });

  it('after three 500s', async () => {
    const sources = await serve({ '/mini.jsonl': [{ status: 500 }] });
    const error = await failure(fetchDataset('gsm8k', options(sources)));
    expect(error.message).toBe(
      `cannot download gsm8k; nothing written: GET ${server!.url('/mini.jsonl')}: 500 Internal Server Error after 3 attempts`,
    );
    expect(error.hint).toBe('import a local copy instead: gkt datasets fetch gsm8k --from <dir>');
    expect(server!.hits.get('/mini.jsonl')).toBe(3);
    await expectNothingWritten();
  });

  it('when every address fails, listing each', async () => {
    const sources = await serve({ '/a': [{ status: 404 }], '/b': [{ status: 403 }] });
    const error = await failure(fetchDataset('gsm8k', options(sources)));
    expect(error.message).toBe(
      `cannot download gsm8k; nothing written: GET ${server!.url('/a')}: 404 Not Found; GET ${server!.url('/b')}: 403 Forbidden`,
    );
    await expectNothingWritten();
  });

  it('when the body is always cut off', async () => {
    const sources = await serve({ '/mini.jsonl': [{ truncate: MINI.subarray(0, 100), declared: MINI.length }] });
    const error = await failure(fetchDataset('gsm8k', options(sources)));
    expect(error.message).toBe(`cannot download gsm8k; nothing written: GET ${server!.url('/mini.jsonl')}: terminated (UND_ERR_SOCKET) after 3 attempts`);
    expect(server!.hits.get('/mini.jsonl')).toBe(3);
    await expectNothingWritten();
  });

  it('when the body ends short with no length declared', async () => {
    const sources = await serve({ '/mini.jsonl': [{ short: MINI.subarray(0, 200) }] });
    const error = await failure(fetchDataset('gsm8k', options(sources, { attempts: 2 })));
    const got = sha256(MINI.subarray(0, 200));
    expect(error.message).toBe(
      `cannot download gsm8k; nothing written: GET ${server!.url('/mini.jsonl')}: sha256 is ${got}, expected ${MINI_SHA} (200 bytes, expected ${MINI.length}) after 2 attempts`,
    );
    expect(server!.hits.get('/mini.jsonl')).toBe(2);
    await expectNothingWritten();
  });

  it('when the server hangs past the timeout', async () => {
    const sources = await serve({ '/mini.jsonl': [{ hang: true }] });
    const started = Date.now();
    const error = await failure(fetchDataset('gsm8k', options(sources, { timeoutMs: 100, attempts: 2 })));
    expect(error.message).toBe(
      `cannot download gsm8k; nothing written: GET ${server!.url('/mini.jsonl')}: no complete response within 0.1 s after 2 attempts`,
    );
    expect(Date.now() - started).toBeLessThan(1500);
    await expectNothingWritten();
  });

  it('when stopped by its signal', async () => {
    const sources = await serve({ '/mini.jsonl': [{ hang: true }] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(fetchDataset('gsm8k', options(sources, { signal: controller.signal })));
    expect(error).toBeInstanceOf(StoppedError);
    expect((error as StoppedError).exitCode).toBe(130);
    await expectNothingWritten();
  });

  it('when the server refuses connections', async () => {
    const sources = await serve({ '/mini.jsonl': [{ status: 200, body: MINI }] });
    const url = server!.url('/mini.jsonl');
    await server!.close();
    server = undefined;
    const error = await failure(fetchDataset('gsm8k', options(sources, { attempts: 1 })));
    expect(error.message).toBe(`cannot download gsm8k; nothing written: GET ${url}: fetch failed (ECONNREFUSED)`);
    await expectNothingWritten();
  });
});

describe('fetchDataset stopped by its signal', () => {
  it('before it starts, reporting the stop, not an internal error', async () => {
    const sources = await serve({ '/mini.jsonl': [{ status: 200, body: MINI }] });
    const error = await failure(fetchDataset('gsm8k', options(sources, { signal: AbortSignal.abort() })));
    expect(error).toBeInstanceOf(StoppedError);
    expect(error.message).toBe(`GET ${server!.url('/mini.jsonl')}: stopped; nothing written`);
    expect(server!.hits.get('/mini.jsonl')).toBeUndefined();
    await expectNothingWritten();
  });

  it('during the wait between attempts', async () => {
    const sources = await serve({ '/mini.jsonl': [{ status: 503 }] });
    const controller = new AbortController();
    const error = await failure(
      fetchDataset('gsm8k', options(sources, { signal: controller.signal, retryDelayMs: 10_000, log: (line) => line.includes('retrying') && controller.abort() })),
    );
    expect(error).toBeInstanceOf(StoppedError);
    expect(server!.hits.get('/mini.jsonl')).toBe(1);
    await expectNothingWritten();
  });
});
