// configs/gkt.schema.json as generated from the config's definition: what editors and other tools validate a config with.
import { join } from 'node:path';
import * as z from 'zod';
import { packageRoot } from '../util/package-info.js';
import { sweepSchema } from './sweep-schema.js';

export const CONFIG_SCHEMA_PATH = join(packageRoot, 'configs', 'gkt.schema.json');

const SCHEMA_ID = 'https://gkt.invalid/gkt.schema.json';

/** The JSON Schema (draft-07, which every editor reads) of a sweep config as written. */
export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(sweepSchema, {
    target: 'draft-07',
    io: 'input',
    override: ({ jsonSchema }) => tidy(jsonSchema as Record<string, unknown>),
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, $id: SCHEMA_ID, title: 'gkt sweep', ...rest };
}

/** The file's text: two-space indents and a final newline, so that it diffs well. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

/** Drops what says nothing to a reader: the safe-integer bounds every integer gets, and "keys are strings". */
function tidy(schema: Record<string, unknown>): void {
  if (schema.type === 'integer') {
    if (schema.maximum === Number.MAX_SAFE_INTEGER) delete schema.maximum;
    if (schema.minimum === Number.MIN_SAFE_INTEGER) delete schema.minimum;
  }
  const names = schema.propertyNames as Record<string, unknown> | undefined;
  if (names !== undefined && names.type === 'string') {
    delete names.type;
    if (Object.keys(names).length === 0) delete schema.propertyNames;
  }
  const extra = schema.additionalProperties;
  if (extra !== null && typeof extra === 'object' && Object.keys(extra).length === 0) delete schema.additionalProperties;
}
