// Put a dataset's official file in the datasets folder: download or import it, verify its sha256, write it whole.
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { GktError, StoppedError, UsageError } from '../util/errors.js';
import { sha256 } from '../util/hash.js';
import { downloadVerified } from './download.js';
import { DATASET_SOURCES, type DatasetSource, type DatasetSources } from './sources.js';
import { inspectDataset } from './status.js';
import type { DatasetName } from '../vocabulary.js';
import { writeFileAtomic } from '../util/atomic-write.js';

export interface FetchDatasetOptions {
  /** The datasets folder; the file goes to `<dir>/<source file>`. */
  dir: string;
  /** Import from this folder (either `<from>/gsm8k/test.jsonl` or `<from>/test.jsonl`) or file. */
  from?: string;
  /** Download from this address instead of the source table's. */
  url?: string;
  fetch?: typeof fetch;
  sources?: DatasetSources;
  timeoutMs?: number;
  attempts?: number;
  retryDelayMs?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface FetchDatasetResult {
  path: string;
  sha256: string;
  status: 'downloaded' | 'imported' | 'present';
}

export const FETCH_DEFAULTS = { timeoutMs: 60_000, attempts: 3, retryDelayMs: 1_000 } as const;

export async function fetchDataset(name: DatasetName, options: FetchDatasetOptions): Promise<FetchDatasetResult> {
  if (options.from !== undefined && options.url !== undefined) {
    throw new UsageError(`datasets fetch ${name}: use either --from or --url, not both`);
  }
  const log = options.log ?? (() => {});
  const sources = options.sources ?? DATASET_SOURCES;
  const source = sources[name];
  const current = await inspectDataset(name, options.dir, sources);
  const { path } = current;
  if (current.state === 'verified') {
    log(`${name}: ${path} is already present and verified (sha256 ${source.sha256})`);
    return { path, sha256: source.sha256, status: 'present' };
  }
  if (current.state === 'modified') {
    log(`${name}: ${path} has sha256 ${current.sha256}, expected ${source.sha256}; it will be replaced`);
  }
  const bytes =
    options.from !== undefined
      ? await importLocal(name, source, options.from, log)
      : await download(name, source, options.url !== undefined ? [options.url] : source.urls, options, log);
  await writeFileAtomic(path, bytes);
  log(`${name}: wrote ${path} (${bytes.length} bytes, sha256 ${source.sha256})`);
  return { path, sha256: source.sha256, status: options.from !== undefined ? 'imported' : 'downloaded' };
}

async function download(
  name: DatasetName,
  source: DatasetSource,
  urls: string[],
  options: FetchDatasetOptions,
  log: (line: string) => void,
): Promise<Buffer> {
  const failures: string[] = [];
  for (const url of urls) {
    log(`${name}: downloading ${url}`);
    try {
      return await downloadVerified(url, source, {
        fetch: options.fetch ?? fetch,
        timeoutMs: options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs,
        attempts: options.attempts ?? FETCH_DEFAULTS.attempts,
        retryDelayMs: options.retryDelayMs ?? FETCH_DEFAULTS.retryDelayMs,
        ...(options.signal ? { signal: options.signal } : {}),
        log,
      });
    } catch (error) {
      if (error instanceof StoppedError || !(error instanceof GktError)) throw error;
      log(`${name}: ${error.message}`);
      failures.push(error.message);
    }
  }
  throw new GktError(`cannot download ${name}; nothing written: ${failures.join('; ')}`, {
    hint: `import a local copy instead: gkt datasets fetch ${name} --from <dir>`,
  });
}

async function importLocal(name: DatasetName, source: DatasetSource, from: string, log: (line: string) => void): Promise<Buffer> {
  const file = await findLocalCopy(name, source, from);
  log(`${name}: importing ${file}`);
  const bytes = await readFile(file);
  const actual = sha256(bytes);
  if (actual !== source.sha256) {
    throw new UsageError(`${file}: sha256 is ${actual}, expected ${source.sha256} for ${name}; nothing written`);
  }
  return bytes;
}

async function findLocalCopy(name: DatasetName, source: DatasetSource, from: string): Promise<string> {
  if ((await kind(from)) === 'file') return from;
  const candidates = [join(from, ...source.file.split('/')), join(from, basename(source.file))];
  for (const candidate of candidates) {
    if ((await kind(candidate)) === 'file') return candidate;
  }
  throw new UsageError(`${from}: no ${name} file there (looked for ${candidates.join(' and ')})`);
}

async function kind(path: string): Promise<'file' | 'other' | 'missing'> {
  try {
    return (await stat(path)).isFile() ? 'file' : 'other';
  } catch {
    return 'missing';
  }
}
