// A dataset record that does not have the shape its mapper needs; the loader adds file and line.

export class RecordError extends Error {}

/** `path` is the field's JSON path in the record (e.g. `question.choices[2].label`), for messages. */
export function field(record: unknown, name: string, path = name): unknown {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    const parent = path.slice(0, Math.max(0, path.length - name.length - 1));
    throw new RecordError(parent === '' ? 'is not a JSON object' : `"${parent}" is not a JSON object`);
  }
  if (!(name in record)) throw new RecordError(`has no "${path}"`);
  return (record as Record<string, unknown>)[name];
}

export function stringField(record: unknown, name: string, path = name): string {
  const value = field(record, name, path);
  if (typeof value !== 'string') throw new RecordError(`"${path}" is not a string`);
  return value;
}
