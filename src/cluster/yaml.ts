// YAML for manifests gkt writes: block style, every string double-quoted as JSON writes it (valid YAML), so nothing needs escaping rules of its own.

type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

const key = (name: string) => (/^[A-Za-z_][A-Za-z0-9_./-]*$/.test(name) ? name : JSON.stringify(name));

function scalar(value: Exclude<Value, Value[] | { [key: string]: Value }>): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

const isEmpty = (value: Value) => (Array.isArray(value) ? value.length === 0 : typeof value === 'object' && value !== null && Object.keys(value).length === 0);

function lines(value: Value, indent: string): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (item === null || typeof item !== 'object' || isEmpty(item)) return [`${indent}- ${isEmpty(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item as string)}`];
      // The first line of a nested block goes beside the dash.
      const [first, ...rest] = lines(item, `${indent}  `);
      return [`${indent}- ${first!.trimStart()}`, ...rest];
    });
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([name, item]) => {
      if (item === null || typeof item !== 'object') return [`${indent}${key(name)}: ${scalar(item)}`];
      if (isEmpty(item)) return [`${indent}${key(name)}: ${Array.isArray(item) ? '[]' : '{}'}`];
      return [`${indent}${key(name)}:`, ...lines(item, Array.isArray(item) ? indent : `${indent}  `)];
    });
  }
  return [`${indent}${scalar(value)}`];
}

/** Documents separated by `---`, each a plain-data object. */
export function toYaml(documents: readonly Value[]): string {
  return documents.map((doc) => lines(doc, '').join('\n')).join('\n---\n') + '\n';
}

export type YamlValue = Value;
