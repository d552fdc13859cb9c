// The building blocks the config's definition is made of, each carrying its own error message and JSON Schema.
import * as z from 'zod';

/** An integer in [min, max]; without a max, any safe integer from min. */
export const integer = (min: number, max?: number) => (max === undefined ? z.int().min(min) : z.int().min(min).max(max));

/** A number greater than 0 (timeouts). */
export const positive = () => z.number().positive();

/** A fraction in [0, 1]. */
export const fraction = () => z.number().min(0).max(1);

/** A non-empty list without repeats: a repeat is named (`lists 40 twice`), and `uniqueItems` is published. */
export function uniqueList<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .min(1)
    .check((ctx) => {
      const seen = new Set<string>();
      for (const value of ctx.value) {
        const text = JSON.stringify(value);
        if (seen.has(text)) {
          ctx.issues.push({ code: 'custom', input: ctx.value, message: `lists ${text} twice` });
          return;
        }
        seen.add(text);
      }
    })
    .meta({ uniqueItems: true });
}

/** Names of runs and model keys: they become folder names and table labels. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const name = () => z.string().regex(NAME_PATTERN, 'must be letters, digits, ".", "_" or "-", starting with a letter or digit');

export const httpUrl = () => z.string().regex(/^https?:\/\//, 'must be an http:// or https:// URL');

export const envName = () => z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable (letters, digits and "_")');

/** Any JSON object, its values passed on as they are. */
export const anyObject = () => z.record(z.string(), z.unknown());
