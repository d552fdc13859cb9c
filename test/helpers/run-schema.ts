// A run folder checked against the published schema (results/gkt-run.schema.json), compiled apart from gkt's own reader: the schema as another tool would use it.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { expect } from 'vitest';
import { ROOT } from './cli.js';

export const schema = JSON.parse(await readFile(join(ROOT, 'results', 'gkt-run.schema.json'), 'utf8')) as { $id: string; definitions: Record<string, unknown> };

function validators(): (definition: string) => ValidateFunction {
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true, validateFormats: false });
  ajv.addSchema(schema);
  return (definition) => ajv.getSchema(`${schema.$id}#/definitions/${definition}`)!;
}

export const check = validators();

function problems(definition: string, value: unknown, where: string): string[] {
  const validate = check(definition);
  return validate(value) ? [] : [`${where}: ${JSON.stringify(validate.errors)}`];
}

const jsonLines = async (path: string) => (await readFile(path, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);

export interface Checked {
  problems: string[];
  seen: Record<'pass' | 'teacher' | 'cell' | 'item' | 'segment' | 'acceptance' | 'vocabulary' | 'index' | 'failedTeacher' | 'failedStudent', number>;
  /** Every line and document read, to look for fields in. */
  documents: unknown[];
}

/** Every file of a run folder against its definition: manifest, plan, every line of the pass, cell and index files. */
export async function checkFolder(run: string): Promise<Checked> {
  const found: string[] = [];
  const documents: unknown[] = [];
  const manifest = JSON.parse(await readFile(join(run, 'manifest.json'), 'utf8')) as unknown;
  const plan = JSON.parse(await readFile(join(run, 'plan.json'), 'utf8')) as unknown;
  documents.push(manifest, plan);
  found.push(...problems('manifest', manifest, 'manifest.json'));
  found.push(...problems('plan', plan, 'plan.json'));
  const seen = { pass: 0, teacher: 0, cell: 0, item: 0, segment: 0, acceptance: 0, vocabulary: 0, index: 0, failedTeacher: 0, failedStudent: 0 };
  for (const [sub, definition] of [['teacher', 'passLine'], ['cells', 'cellLine']] as const) {
    for (const name of await readdir(join(run, sub))) {
      expect(name, `${sub}/ holds record files only`).toMatch(/^[tc]-[0-9a-f]{12}\.jsonl$/);
      for (const [i, line] of (await jsonLines(join(run, sub, name))).entries()) {
        found.push(...problems(definition, line, `${sub}/${name}:${i + 1}`));
        documents.push(line);
        const record = line as { type: keyof typeof seen; error?: { role?: string } | null };
        seen[record.type] += 1;
        if (record.type === 'teacher' && record.error) seen.failedTeacher += 1;
        if (record.type === 'item' && record.error?.role === 'student') seen.failedStudent += 1;
      }
    }
  }
  for (const name of await readdir(join(run, 'index'))) {
    const [header, ...entries] = await jsonLines(join(run, 'index', name));
    const dataset = name.startsWith('dataset-');
    found.push(...problems(dataset ? 'datasetIndexHeader' : 'indexHeader', header, `index/${name}:1`));
    for (const [i, entry] of entries.entries()) {
      found.push(...problems(dataset ? 'datasetIndexEntry' : 'indexLine', entry, `index/${name}:${i + 2}`));
    }
    seen.index += 1;
  }
  return { problems: found, seen, documents };
}

/** Whether any object in `value`, at any depth, has `key` (with a value other than null, unless `orNull`). */
export function holds(value: unknown, key: string, orNull = false): boolean {
  if (Array.isArray(value)) return value.some((v) => holds(v, key, orNull));
  if (value === null || typeof value !== 'object') return false;
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.some(([k, v]) => (k === key && (orNull || v !== null)) || holds(v, key, orNull));
}
