// manifest.json and plan.json: each written whole in one rename, each read checked against the run format (format 1 migrated).
import { readFile } from 'node:fs/promises';
import type { Plan } from '../plan/types.js';
import { writeJsonAtomic, writeLinesAtomic } from '../util/atomic-write.js';
import { UsageError } from '../util/errors.js';
import { FORMAT, formatOf } from './format.js';
import type { Manifest } from './manifest.js';
import { migrateDocumentFrom1 } from './migrate.js';
import { shapeProblem, type Shape } from './schema.js';

/** The document at `path`, checked; null when there is no such file. */
async function readDocument(path: string, shape: Shape): Promise<unknown> {
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
function checkDocument(text: string, shape: Shape, path: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const migrated = formatOf(value, path) === 1 ? migrateDocumentFrom1(value) : value;
  const problem = shapeProblem(shape, migrated);
  if (problem !== null) throw new UsageError(`${path}: ${problem}`, { hint: 'the file was changed or damaged outside gkt' });
  return migrated;
}

/** A manifest's text, as read by a tool of its own: checked and migrated as gkt reads it. */
export function parseManifestText(text: string, path: string): Manifest {
  return checkDocument(text, 'manifest', path) as Manifest;
}

export async function readManifestFile(path: string): Promise<Manifest | null> {
  return (await readDocument(path, 'manifest')) as Manifest | null;
}

export async function writeManifestFile(path: string, manifest: Manifest): Promise<void> {
  await writeJsonAtomic(path, manifest);
}

export async function readPlanFile(path: string): Promise<Plan | null> {
  const document = (await readDocument(path, 'plan')) as (Plan & { format: number }) | null;
  if (document === null) return null;
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
