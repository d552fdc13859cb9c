// manifest.json and plan.json: each written whole in one rename, each read checked against the run format (format 1 migrated).
import { readFile } from 'node:fs/promises';
import type { Plan } from '../plan/types.js';
import { writeJsonAtomic, writeLinesAtomic } from '../util/atomic-write.js';
import { UsageError } from '../util/errors.js';
import { FORMAT, formatOf, type FormatVersion } from './format.js';
import type { Manifest } from './manifest.js';
import { migrateDocumentFrom1 } from './migrate.js';
import { shapeProblem } from './schema.js';

/** A document checked and given as format 2, with the format it was written in. */
interface Read<T> {
  value: T;
  format: FormatVersion;
}

/** The document at `path`, checked; null when there is no such file. */
async function readDocument(path: string, shape: 'manifest' | 'plan'): Promise<Read<unknown> | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return checkDocument(text, shape, path);
}

/** The document's text parsed and checked as a `shape` (format 1 migrated), or refused naming `path`. */
function checkDocument(text: string, shape: 'manifest' | 'plan', path: string): Read<unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const format = formatOf(value, path);
  const migrated = format === 1 ? migrateDocumentFrom1(value, shape) : value;
  const problem = shapeProblem(shape, migrated);
  if (problem !== null) throw new UsageError(`${path}: ${problem}`, { hint: 'the file was changed or damaged outside gkt' });
  return { value: migrated, format };
}

/** A manifest's text, as read by a tool of its own: checked and migrated as gkt reads it, with the format it was written in. */
export function parseManifestText(text: string, path: string): { manifest: Manifest; format: FormatVersion } {
  const { value, format } = checkDocument(text, 'manifest', path);
  return { manifest: value as Manifest, format };
}

export async function readManifestFile(path: string): Promise<Manifest | null> {
  return ((await readDocument(path, 'manifest'))?.value ?? null) as Manifest | null;
}

/** The manifest with the format it was written in (which the records of its folder share). */
export async function readManifestAndFormat(path: string): Promise<{ manifest: Manifest; format: FormatVersion } | null> {
  const read = await readDocument(path, 'manifest');
  return read === null ? null : { manifest: read.value as Manifest, format: read.format };
}

export async function writeManifestFile(path: string, manifest: Manifest): Promise<void> {
  await writeJsonAtomic(path, manifest);
}

export async function readPlanFile(path: string): Promise<Plan | null> {
  const document = (await readDocument(path, 'plan'))?.value as (Plan & { format: number }) | undefined;
  if (document === undefined) return null;
  const { format: _format, ...plan } = document;
  return plan;
}

/**
 * The plan as JSON.stringify(…, null, 2) would write it, its item lists a line at a time: a plan of many
 * items is not also held as one long string.
 */
export async function writePlanFile(path: string, plan: Plan): Promise<void> {
  const { items, ...rest } = plan;
  const head = JSON.stringify({ format: FORMAT, ...rest }, null, 2);
  await writeLinesAtomic(path, (function* () {
    yield head.slice(0, head.lastIndexOf('\n}'));
    const lists = Object.entries(items);
    if (lists.length === 0) {
      yield ',\n  "items": {}\n}\n';
      return;
    }
    yield ',\n  "items": {';
    for (const [n, [dataset, ids]] of lists.entries()) {
      yield `${n === 0 ? '' : ','}\n    ${JSON.stringify(dataset)}: [`;
      if (ids === undefined || ids.length === 0) {
        yield ']';
        continue;
      }
      for (const [i, id] of ids.entries()) yield `${i === 0 ? '' : ','}\n      ${JSON.stringify(id)}`;
      yield '\n    ]';
    }
    yield '\n  }\n}\n';
  })());
}
