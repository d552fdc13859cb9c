// Read a sweep config file and refuse it, with every problem listed by JSON path, unless it is valid.
import { readFile } from 'node:fs/promises';
import { UsageError } from '../util/errors.js';
import { semanticProblems } from './semantic.js';
import type { SweepConfig } from './types.js';
import { schemaProblems } from './validate.js';

export async function loadConfig(path: string, env: NodeJS.ProcessEnv): Promise<SweepConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${path}: cannot read the config (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  return parseConfig(text, path, env);
}

/** Pure: config text → validated config. Throws one UsageError whose lines each name the file and a path. */
export function parseConfig(text: string, path: string, env: NodeJS.ProcessEnv): SweepConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const where = jsonErrorPosition(text, (error as Error).message);
    throw new UsageError(`${path}${where}: not valid JSON (${(error as Error).message})`);
  }
  const problems = [...schemaProblems(json), ...semanticProblems(json, env)];
  if (problems.length > 0) {
    const unique = [...new Set(problems)];
    throw new UsageError(unique.map((p) => `${path}: ${p}`).join('\n'), {
      hint: unique.length > 1 ? `${unique.length} problems; the schema is configs/gkt.schema.json` : 'the schema is configs/gkt.schema.json',
    });
  }
  return json as SweepConfig;
}

/** `:line:column` from a JSON.parse message that names a position, else ''. */
function jsonErrorPosition(text: string, message: string): string {
  const match = /position (\d+)/.exec(message);
  if (!match) return '';
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `:${line}:${column}`;
}
