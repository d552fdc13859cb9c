// Validate a parsed config against the shipped JSON Schema, reporting every problem with its JSON path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { packageRoot } from '../util/package-info.js';
import { describeErrors } from './schema-errors.js';

export const SCHEMA_PATH = join(packageRoot, 'configs', 'gkt.schema.json');

let validator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  if (!validator) {
    // verbose: each error carries its schema and data, which describeErrors needs to pick a oneOf branch.
    // The validator runs once per process, so optimising its generated code would cost more than it saves.
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true, code: { optimize: false } });
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
