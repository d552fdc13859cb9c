// Validate a parsed config against its definition, reporting every problem with its JSON path.
import { describeProblems, problemsOf, type Problem } from './schema-errors.js';
import { sweepSchema } from './sweep-schema.js';
import type { Loose, SweepConfig } from './types.js';

export type Validated =
  | { valid: true; config: SweepConfig; problems: [] }
  /** `config`: what was valid in it, for the cross-field checks to list their problems too. */
  | { valid: false; config: Loose<SweepConfig> | undefined; problems: string[] };

/** Problems as `$.path.to.field: message` lines; none, and the typed config, when it is valid. */
export function validateConfig(json: unknown): Validated {
  const result = sweepSchema.safeParse(json, { reportInput: true });
  // The definition transforms nothing, so the config accepted is the one written, kept in the user's key order.
  if (result.success) return { valid: true, config: json as SweepConfig, problems: [] };
  const problems = problemsOf(result.error.issues, sweepSchema);
  return { valid: false, config: withoutInvalid(json, problems), problems: describeProblems(problems, sweepSchema) };
}

/**
 * A copy of the config without the values a problem names (unknown keys, keys of a bad form, values of a
 * wrong type or range). The definition judges every field of an object, whatever its siblings hold, so
 * what is left has been judged valid; only required fields may be missing, which Loose allows.
 */
function withoutInvalid(json: unknown, problems: readonly Problem[]): Loose<SweepConfig> | undefined {
  const copy = structuredClone(json) as unknown;
  let rootInvalid = false;
  for (const { path, issue } of problems) {
    if (issue?.code === 'unrecognized_keys') {
      const holder = valueAt(copy, path);
      if (isObject(holder)) for (const key of issue.keys) delete holder[key];
      continue;
    }
    if (path.length === 0) {
      rootInvalid = true;
      continue;
    }
    // Left as a key without a value, so that a model that had problems is still a model pairs may name.
    const holder = valueAt(copy, path.slice(0, -1));
    const key = path[path.length - 1]!;
    if (Array.isArray(holder) && typeof key === 'number') holder[key] = undefined;
    else if (isObject(holder)) holder[String(key)] = undefined;
  }
  return rootInvalid || !isObject(copy) ? undefined : (copy as Loose<SweepConfig>);
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const step of path) {
    if (Array.isArray(at) && typeof step === 'number') at = at[step];
    else if (isObject(at)) at = at[String(step)];
    else return undefined;
  }
  return at;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
