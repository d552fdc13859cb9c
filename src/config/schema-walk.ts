// What the config's definition says at a JSON path: the schema there, the JSON type it takes, the forms a union offers.
import type * as z from 'zod';

export type Schema = z.core.$ZodType;
export type Path = ReadonlyArray<PropertyKey>;

/** The schema that judged the value at `path`, or null where the path leaves the definition. */
export function schemaAt(root: Schema, path: Path): Schema | null {
  let schema: Schema | null = unwrap(root);
  for (const step of path) {
    if (schema === null) return null;
    schema = childOf(schema, step);
  }
  return schema;
}

function childOf(schema: Schema, step: PropertyKey): Schema | null {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  switch (def.type) {
    case 'object':
      return lookup((def.shape as Record<string, Schema>)[String(step)]);
    case 'record':
      return lookup(def.valueType as Schema);
    case 'array':
      return lookup(def.element as Schema);
    case 'union':
      for (const option of def.options as Schema[]) {
        const child = childOf(unwrap(option), step);
        if (child !== null) return child;
      }
      return null;
    default:
      return null;
  }
}

const lookup = (schema: Schema | undefined): Schema | null => (schema === undefined ? null : unwrap(schema));

/** An optional value is judged by the schema it wraps. */
function unwrap(schema: Schema): Schema {
  const def = schema._zod.def as z.core.$ZodTypeDef & { innerType?: Schema };
  return def.type === 'optional' && def.innerType !== undefined ? unwrap(def.innerType) : schema;
}

export function optionsAt(root: Schema, path: Path): Schema[] | null {
  const schema = schemaAt(root, path);
  const def = schema?._zod.def as (z.core.$ZodTypeDef & { options?: Schema[] }) | undefined;
  return def?.type === 'union' && def.options !== undefined ? def.options.map(unwrap) : null;
}

/** The JSON type a form takes: `integer`, `number`, `string`, `boolean`, `array`, `object`, a constant's, or a union's. */
export function jsonType(schema: Schema): string {
  const def = schema._zod.def as z.core.$ZodTypeDef & { format?: string; values?: unknown[]; options?: Schema[] };
  if (def.type === 'number') return def.format === 'safeint' ? 'integer' : 'number';
  // Forms told apart by a key are all objects: the value is told the type they share.
  if (def.type === 'union' && def.options !== undefined) return [...new Set(def.options.map((o) => jsonType(unwrap(o))))].join(' or ');
  if (def.type === 'record') return 'object';
  if (def.type === 'literal') return jsonTypeOf(def.values?.[0]);
  if (def.type === 'enum') return 'string';
  return def.type;
}

export function jsonTypeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** `"greedy"`, `an integer`, `an object with "command"`. */
export function form(schema: Schema): string {
  const def = schema._zod.def as z.core.$ZodTypeDef & { values?: unknown[] };
  if (def.type === 'literal') return JSON.stringify(def.values?.[0]);
  const type = jsonType(schema);
  const keys = requiredKeys(schema);
  const required = keys.length > 0 ? ` with ${keys.map((k) => JSON.stringify(k)).join(' and ')}` : '';
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}${required}`;
}

export function requiredKeys(schema: Schema): string[] {
  const def = schema._zod.def as z.core.$ZodTypeDef & { shape?: Record<string, Schema> };
  if (def.type !== 'object' || def.shape === undefined) return [];
  return Object.entries(def.shape).flatMap(([key, value]) => (value._zod.optin === 'optional' ? [] : [key]));
}
