// Turn ajv's errors into `$.path: message` lines a user can act on, one per problem.
import type { ErrorObject } from 'ajv';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `/models/llama-13b/batch` → `$.models["llama-13b"].batch`; `/datasets/0/name` → `$.datasets[0].name`. */
export function jsonPath(instancePath: string): string {
  if (instancePath === '') return '$';
  const parts = instancePath.split('/').slice(1).map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  return '$' + parts.map((p) => (/^\d+$/.test(p) ? `[${p}]` : member(p))).join('');
}

/** `.batch`, or `["llama 13b"]` for a key that is not a plain identifier. */
export function member(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** ajv says `must match pattern "^https?://"`; these say what the pattern means. */
const PATTERN_MESSAGES: Record<string, string> = {
  '^[A-Za-z0-9][A-Za-z0-9._-]*$': 'must be letters, digits, ".", "_" or "-", starting with a letter or digit',
  '^https?://': 'must be an http:// or https:// URL',
  '^[A-Za-z_][A-Za-z0-9_]*$': 'must be the name of an environment variable (letters, digits and "_")',
};

/**
 * Needs ajv's `verbose` option (each error carries its schema and data). Errors under a `oneOf` whose
 * branches each require a key are judged against the branch the data chose by its keys, so that
 * `{"simulate": {"acuracy": 1}}` is told about `acuracy`, not that `command` is missing.
 */
export function describeErrors(all: ErrorObject[]): string[] {
  const byPath = new Map<string, string[]>();
  const add = (path: string, message: string) => {
    const list = byPath.get(path) ?? [];
    if (!list.includes(message)) list.push(message);
    byPath.set(path, list);
  };
  const errors = chooseBranches(all, add);
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  const oneOfPaths = new Set(oneOfs.map((e) => e.instancePath));
  for (const error of errors) {
    const path = jsonPath(error.instancePath);
    if (error.propertyName !== undefined) {
      // A bad key (propertyNames): the problem is at the key itself, not at the object holding it.
      if (error.keyword !== 'propertyNames') add(`${path}${member(error.propertyName)}`, `is not a valid key: ${message(error)}`);
      continue;
    }
    switch (error.keyword) {
      case 'propertyNames':
      case 'oneOf':
        break;
      case 'additionalProperties':
        add(`${path}${member(String(error.params.additionalProperty))}`, 'unknown key');
        break;
      case 'required':
        add(`${path}${member(String(error.params.missingProperty))}`, 'is required');
        break;
      case 'const':
        if (!oneOfPaths.has(error.instancePath)) add(path, message(error));
        break;
      case 'type':
        add(path, oneOfPaths.has(error.instancePath) ? `has the wrong type (${message(error)})` : message(error));
        break;
      default:
        add(path, message(error));
    }
  }
  const forms = new Map(oneOfs.map((e) => [jsonPath(e.instancePath), allowedForms(e.schema)]));
  const under = (p: string) => [...byPath.keys()].some((k) => k.startsWith(`${p}.`) || k.startsWith(`${p}[`));
  for (const [p, allowed] of forms) {
    if (!byPath.has(p) && !under(p)) add(p, allowed ?? 'does not match any allowed form');
  }
  return [...byPath.entries()].flatMap(([path, messages]) => {
    // Under a oneOf, a branch of another type says little once a branch of the right type said why,
    // here or deeper down; when no branch has the value's type, the forms it may take say it best.
    const specific = messages.filter((m) => !m.startsWith('has the wrong type'));
    if (specific.length > 0) return [`${path}: ${specific.join('; ')}`];
    if (under(path)) return [];
    return [`${path}: ${forms.get(path) ?? messages.join('; ')}`];
  });
}

/** `must be "greedy" or an object`, from a oneOf's branches; null when a branch is not a plain form. */
function allowedForms(branches: unknown): string | null {
  if (!Array.isArray(branches)) return null;
  const forms = branches.map((branch) => {
    if (!isObject(branch)) return null;
    if (branch.const !== undefined) return JSON.stringify(branch.const);
    if (typeof branch.type !== 'string') return null;
    const required = Array.isArray(branch.required) ? ` with ${branch.required.map((k) => JSON.stringify(k)).join(' and ')}` : '';
    return `${/^[aeiou]/.test(branch.type) ? 'an' : 'a'} ${branch.type}${required}`;
  });
  return forms.every((f) => f !== null) ? `must be ${forms.join(' or ')}` : null;
}

function message(error: ErrorObject): string {
  switch (error.keyword) {
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(error.params.allowedValue)}`;
    case 'uniqueItems':
      return Array.isArray(error.data) ? `lists ${JSON.stringify(error.data[Number(error.params.j)])} twice` : (error.message ?? 'has duplicates');
    case 'pattern':
      return PATTERN_MESSAGES[String(error.params.pattern)] ?? error.message ?? 'does not match its pattern';
    default:
      return error.message ?? error.keyword;
  }
}

/**
 * For a oneOf of object branches told apart by a required key (`launch`: `command` or `simulate`):
 * keep only the errors of the branch whose key the data has; with the keys of several, or of none,
 * say so in one line instead of listing every branch's complaints.
 */
function chooseBranches(errors: ErrorObject[], add: (path: string, message: string) => void): ErrorObject[] {
  let kept = errors;
  for (const oneOf of errors.filter((e) => e.keyword === 'oneOf')) {
    const branches = oneOf.schema as unknown;
    const data = oneOf.data as unknown;
    if (!Array.isArray(branches) || data === null || typeof data !== 'object' || Array.isArray(data)) continue;
    const keys = branches.map((b) => (isObject(b) && Array.isArray(b.required) && b.required.length > 0 ? (b.required as string[]) : null));
    if (keys.some((k) => k === null)) continue;
    const chosen = keys.flatMap((required, i) => (required!.every((key) => key in data) ? [i] : []));
    const under = (e: ErrorObject, i?: number) => e.schemaPath.startsWith(`${oneOf.schemaPath}/${i === undefined ? '' : `${i}/`}`);
    const path = jsonPath(oneOf.instancePath);
    const names = (indices: number[]) => indices.map((i) => `"${keys[i]!.join('" with "')}"`).join(' or ');
    if (chosen.length === 1) {
      kept = kept.filter((e) => e !== oneOf && (!under(e) || under(e, chosen[0])));
      continue;
    }
    kept = kept.filter((e) => e !== oneOf && !under(e));
    if (chosen.length > 1) add(path, `give ${names(chosen)}, not both`);
    else add(path, `needs ${names(keys.map((_, i) => i))}`);
  }
  return kept;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
