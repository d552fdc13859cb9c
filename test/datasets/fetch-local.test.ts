// Dataset import from a local copy: either folder layout or the file itself, checked against the pinned sha256.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchDataset, type FetchDatasetOptions } from '../../src/datasets/fetch.js';
import { DATASET_SOURCES, type DatasetSources } from '../../src/datasets/sources.js';
import { GktError, UsageError } from '../../src/util/errors.js';
import { sha256 } from '../../src/util/hash.js';
import { SHARED_DATASETS as SHARED, haveSharedDatasets } from '../helpers/shared-datasets.js';

const MINI = await readFile(fileURLToPath(new URL('../../datasets/fixtures/gsm8k-mini.jsonl', import.meta.url)));
const MINI_SHA = sha256(MINI);

let dir: string;
let lines: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gkt-import-'));
  lines = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function options(sources: DatasetSources, extra: Partial<FetchDatasetOptions> = {}): FetchDatasetOptions {
  return { dir, sources, log: (line) => lines.push(line), ...extra };
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

describe('fetchDataset --from', () => {
  let from: string;
  beforeEach(async () => {
    from = await mkdtemp(join(tmpdir(), 'gkt-from-'));
  });
  afterEach(async () => {
    await rm(from, { recursive: true, force: true });
  });
  const sources: DatasetSources = {
    ...DATASET_SOURCES,
    gsm8k: { file: 'gsm8k/test.jsonl', sha256: MINI_SHA, bytes: MINI.length, urls: ['http://127.0.0.1:9/unused'] },
  };

  it.each([
    ['the datasets layout', ['gsm8k', 'test.jsonl'], (d: string) => d],
    ['a flat folder', ['test.jsonl'], (d: string) => d],
    ['the file itself', ['copy.jsonl'], (d: string) => join(d, 'copy.jsonl')],
  ])('imports from %s', async (_, parts, pick) => {
    await mkdir(join(from, ...parts.slice(0, -1)), { recursive: true });
    await writeFile(join(from, ...parts), MINI);
    const result = await fetchDataset('gsm8k', options(sources, { from: pick(from) }));
    expect(result).toEqual({ path: target(), sha256: MINI_SHA, status: 'imported' });
    expect(lines).toEqual([`gsm8k: importing ${join(from, ...parts)}`, `gsm8k: wrote ${target()} (${MINI.length} bytes, sha256 ${MINI_SHA})`]);
    expect(await readFile(target())).toEqual(MINI);
  });

  it.skipIf(!haveSharedDatasets)('imports the real files from the shared copy', async () => {
    for (const name of ['gsm8k', 'csqa'] as const) {
      const result = await fetchDataset(name, { dir, from: SHARED });
      expect(result.status).toBe('imported');
      expect(sha256(await readFile(result.path))).toBe(DATASET_SOURCES[name].sha256);
    }
  });

  it('refuses a copy with another hash, naming the file and both hashes', async () => {
    await writeFile(join(from, 'test.jsonl'), 'not it\n');
    const error = await failure(fetchDataset('gsm8k', options(sources, { from })));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(`${join(from, 'test.jsonl')}: sha256 is ${sha256('not it\n')}, expected ${MINI_SHA} for gsm8k; nothing written`);
    await expectNothingWritten();
  });

  it('refuses a folder without the file', async () => {
    const error = await failure(fetchDataset('gsm8k', options(sources, { from })));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      `${from}: no gsm8k file there (looked for ${join(from, 'gsm8k', 'test.jsonl')} and ${join(from, 'test.jsonl')})`,
    );
  });

  it('refuses --from with --url', async () => {
    const error = await failure(fetchDataset('gsm8k', options(sources, { from, url: 'http://127.0.0.1:9/x' })));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('datasets fetch gsm8k: use either --from or --url, not both');
  });
});
