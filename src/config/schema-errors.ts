// Turn the definition's validation issues into `$.path: message` lines a user can act on, one per problem.
import type * as z from 'zod';
import { form, jsonType, jsonTypeOf, optionsAt, requiredKeys, schemaAt, type Path, type Schema } from './schema-walk.js';

type Issue = z.core.$ZodIssue;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `["models", "llama-13b", "batch"]` → `$.models["llama-13b"].batch`; `["datasets", 0, "name"]` → `$.datasets[0].name`. */
export function jsonPath(path: Path): string {
  return '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : member(String(p)))).join('');
}

/** `.batch`, or `["llama 13b"]` for a key that is not a plain identifier. */
export function member(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** One problem at a full path: an issue of the definition's, or a union's own verdict on a value. */
export type Problem = { path: Path; issue: Issue; message?: undefined } | { path: Path; issue?: undefined; message: string };

/**
 * `root` is the schema the issues came from. A value that matches none of a union's forms is judged
 * against the form its type (and, among objects, its keys) chose, so that `{"simulate": {"acuracy": 1}}`
 * is told about `acuracy`, not that `command` is missing.
 */
export function problemsOf(issues: readonly Issue[], root: Schema): Problem[] {
  const problems: Problem[] = [];
  const visit = (issue: Issue, base: Path) => {
    const path = [...base, ...issue.path];
    if (issue.code === 'unrecognized_keys') problems.splice(firstInside(problems, path), 0, { path, issue });
    else if (issue.code !== 'invalid_union') problems.push({ path, issue });
    else unionProblems(issue, path, root, problems, visit);
  };
  for (const issue of issues) visit(issue, []);
  return problems;
}

/**
 * Where an object's unknown keys go: after its missing keys, before the problems of its values, as a reader
 * goes through it (the definition finds unknown keys last).
 */
function firstInside(problems: readonly Problem[], object: Path): number {
  const inside = (path: Path) => path.length > object.length && object.every((step, i) => path[i] === step);
  const missing = ({ path, issue }: Problem) =>
    path.length === object.length + 1 && issue !== undefined && 'input' in issue && issue.input === undefined;
  const at = problems.findIndex((problem) => inside(problem.path) && !missing(problem));
  return at === -1 ? problems.length : at;
}

/** Lines `$.path: message`, the messages of one path joined. */
export function describeProblems(problems: readonly Problem[], root: Schema): string[] {
  const byPath = new Map<string, string[]>();
  const add = (path: string, message: string) => {
    const list = byPath.get(path) ?? [];
    if (!list.includes(message)) list.push(message);
    byPath.set(path, list);
  };
  // A value of the wrong type is not also told about its length or range, which zod checks on any value.
  const wrongType = new Set(problems.flatMap(({ path, issue }) => (issue?.code === 'invalid_type' ? [jsonPath(path)] : [])));
  for (const { path, issue, message } of problems) {
    const at = jsonPath(path);
    if (issue === undefined) add(at, message);
    else if ((issue.code === 'too_small' || issue.code === 'too_big') && wrongType.has(at)) continue;
    else if (issue.code === 'unrecognized_keys') for (const key of issue.keys) add(`${at}${member(key)}`, 'unknown key');
    else if (issue.code === 'invalid_key') for (const inner of issue.issues) add(at, `is not a valid key: ${inner.message}`);
    else add(at, messageOf(issue, schemaAt(root, path)));
  }
  return [...byPath.entries()].map(([path, messages]) => `${path}: ${messages.join('; ')}`);
}

function unionProblems(
  issue: Extract<Issue, { code: 'invalid_union' }>,
  path: Path,
  root: Schema,
  problems: Problem[],
  visit: (issue: Issue, base: Path) => void,
): void {
  const say = (message: string) => {
    problems.push({ path, message });
  };
  if (issue.discriminator !== undefined && 'options' in issue && issue.options !== undefined) {
    // A form named by a key (`"policy": "prefix"`): the issue is at that key, the value it names unknown.
    const given = isRecord(issue.input) ? issue.input[issue.discriminator] : undefined;
    return say(given === undefined ? 'is required' : `must be one of ${issue.options.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  const options = optionsAt(root, path);
  if (options === null || !('input' in issue)) return say('does not match any allowed form');
  const input = issue.input;
  const type = jsonTypeOf(input);
  const ofType = options.flatMap((option, i) => (jsonType(option) === type || (jsonType(option) === 'number' && type === 'integer') ? [i] : []));
  let chosen = ofType;
  if (ofType.length > 1 && type === 'object') {
    // Forms told apart by a required key (`launch`: `command` or `simulate`).
    const keysOf = (i: number) => requiredKeys(options[i]!);
    const names = (indices: number[]) => indices.map((i) => `"${keysOf(i).join('" with "')}"`).join(' or ');
    chosen = ofType.filter((i) => keysOf(i).every((key) => key in (input as object)));
    if (chosen.length > 1) return say(`give ${names(chosen)}, not both`);
    if (chosen.length === 0) return say(`needs ${names(ofType)}`);
  }
  // A constant form ("greedy") missed says less than the list of forms.
  const branch = chosen.length === 1 && options[chosen[0]!]!._zod.def.type !== 'literal' ? issue.errors[chosen[0]!] : undefined;
  if (branch === undefined || branch.length === 0) return say(`must be ${options.map(form).join(' or ')}`);
  for (const inner of branch) visit(inner, path);
}

function messageOf(issue: Issue, schema: Schema | null): string {
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && 'input' in issue && issue.input === undefined) return 'is required';
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${schema !== null ? jsonType(schema) : issue.expected}`;
    case 'too_small':
      return bound(issue.origin, issue.inclusive ? '>=' : '>', 'fewer', Number(issue.minimum));
    case 'too_big':
      return bound(issue.origin, issue.inclusive ? '<=' : '<', 'more', Number(issue.maximum));
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

function bound(origin: string, sign: string, word: 'fewer' | 'more', limit: number): string {
  if (origin === 'array') return `must NOT have ${word} than ${limit} items`;
  if (origin === 'string') return `must NOT have ${word} than ${limit} characters`;
  return `must be ${sign} ${limit}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
