// Validate a parsed config against the shipped JSON Schema, reporting every problem with its JSON path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { packageRoot } from '../util/package-info.js';

export const SCHEMA_PATH = join(packageRoot, 'configs', 'gkt.schema.json');

let validator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    validator = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
  }
  return validator;
}

/** Problems as `$.path.to.field: message` lines; empty when the config is valid. */
export function schemaProblems(config: unknown): string[] {
  const validate = compiled();
  if (validate(config)) return [];
  return describeErrors(validate.errors ?? []);
}

/** `/models/llama-13b/batch` → `$.models["llama-13b"].batch`; `/datasets/0/name` → `$.datasets[0].name`. */
export function jsonPath(instancePath: string): string {
  if (instancePath === '') return '$';
  const parts = instancePath.split('/').slice(1).map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  return (
    '$' +
    parts
      .map((p) => (/^\d+$/.test(p) ? `[${p}]` : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`))
      .join('')
  );
}

function describeErrors(errors: ErrorObject[]): string[] {
  // oneOf failures repeat every branch's complaint; keep the most specific message per path.
  const byPath = new Map<string, string[]>();
  const add = (path: string, message: string) => {
    const list = byPath.get(path) ?? [];
    if (!list.includes(message)) list.push(message);
    byPath.set(path, list);
  };
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  for (const error of errors) {
    const path = jsonPath(error.instancePath);
    switch (error.keyword) {
      case 'additionalProperties':
        add(`${path === '$' ? '$' : path}.${String(error.params.additionalProperty)}`, 'unknown key');
        break;
      case 'required':
        add(`${path === '$' ? '$' : path}.${String(error.params.missingProperty)}`, 'is required');
        break;
      case 'enum':
        add(path, `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`);
        break;
      case 'oneOf':
        break;
      case 'const':
        if (!oneOfPaths.has(error.instancePath)) add(path, `must be ${JSON.stringify(error.params.allowedValue)}`);
        break;
      case 'type':
        if (oneOfPaths.has(error.instancePath)) add(path, `has the wrong type (${error.message ?? 'type'})`);
        else add(path, error.message ?? 'has the wrong type');
        break;
      default:
        add(path, error.message ?? error.keyword);
    }
  }
  for (const path of oneOfPaths) {
    const p = jsonPath(path);
    if (!byPath.has(p) && ![...byPath.keys()].some((k) => k.startsWith(`${p}.`) || k.startsWith(`${p}[`))) {
      add(p, 'does not match any allowed form');
    }
  }
  return [...byPath.entries()].map(([path, messages]) => {
    // Under a oneOf, a branch of another type says little once a branch of the right type said why.
    const specific = messages.filter((m) => !m.startsWith('has the wrong type'));
    return `${path}: ${(specific.length > 0 ? specific : messages).join('; ')}`;
  });
}
