// The published schema of a run folder (results/gkt-run.schema.json), compiled once: one check per kind of line or file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { packageRoot } from '../util/package-info.js';

export const RUN_SCHEMA_PATH = join(packageRoot, 'results', 'gkt-run.schema.json');

/** The shapes a reader checks, each a definition of the schema. */
export type Shape =
  | 'manifest'
  | 'plan'
  | 'passHeader'
  | 'teacherRecord'
  | 'cellHeader'
  | 'itemRecord'
  | 'segment'
  | 'acceptance'
  | 'vocabulary'
  | 'indexHeader'
  | 'indexEntry'
  | 'datasetIndexHeader'
  | 'datasetIndexEntry';

let ajv: Ajv | undefined;
let schemaId: string | undefined;
const validators = new Map<Shape, ValidateFunction>();

function validator(shape: Shape): ValidateFunction {
  let validate = validators.get(shape);
  if (validate === undefined) {
    if (ajv === undefined) {
      const schema = JSON.parse(readFileSync(RUN_SCHEMA_PATH, 'utf8')) as { $id: string };
      // Formats (date-time) are documentation: a reader needs the shape, not a second clock parser.
      // The schema itself is checked against JSON Schema by a test, not by every process that reads a run.
      ajv = new Ajv({ strict: true, allowUnionTypes: true, validateFormats: false, validateSchema: false });
      ajv.addSchema(schema);
      schemaId = schema.$id;
    }
    validate = ajv.getSchema(`${schemaId}#/definitions/${shape}`);
    if (validate === undefined) throw new Error(`${RUN_SCHEMA_PATH}: no definition "${shape}"`);
    validators.set(shape, validate);
  }
  return validate;
}

/** What is wrong with `value` as a `shape`, in one line; null when nothing is. */
export function shapeProblem(shape: Shape, value: unknown): string | null {
  const validate = validator(shape);
  if (validate(value)) return null;
  return describe(deepest(validate.errors ?? []));
}

/** Of a oneOf's errors (one per branch, then its own), the one deepest in the value says best what is wrong. */
function deepest(errors: readonly ErrorObject[]): ErrorObject | undefined {
  let best: ErrorObject | undefined;
  for (const error of errors) {
    if (error.keyword === 'oneOf' || error.keyword === 'if') continue;
    if (best === undefined || error.instancePath.length > best.instancePath.length) best = error;
  }
  return best ?? errors[0];
}

function describe(error: ErrorObject | undefined): string {
  if (error === undefined) return 'does not match the run format';
  const at = error.instancePath === '' ? '' : `${error.instancePath.slice(1).replaceAll('/', '.')}: `;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return `${at}unknown field "${String(params['additionalProperty'])}"`;
  if (error.keyword === 'required') return `${at}missing field "${String(params['missingProperty'])}"`;
  if (error.keyword === 'enum') return `${at}must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (error.keyword === 'const') return `${at}must be ${JSON.stringify(params['allowedValue'])}`;
  return `${at}${error.message ?? 'is not valid'}`;
}
