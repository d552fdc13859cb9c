// Read a sweep config file and refuse it, with every problem listed by JSON path, unless it is valid.
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '../util/errors.js';
import { packageRoot } from '../util/package-info.js';
import { duplicateKeys } from './duplicate-keys.js';
import { fileProblems } from './files.js';
import { semanticProblems } from './semantic.js';
import type { SweepConfig } from './types.js';
import { validateConfig, type Validated } from './validate.js';

/** The largest config file read: a sweep config is a few kilobytes. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** Also checks that the dataset and prompt files the config names exist (relative to its folder). */
export async function loadConfig(path: string, env: NodeJS.ProcessEnv): Promise<SweepConfig> {
  let text: string;
  try {
    // A sweep config is a few kilobytes; a large file is something else, and every manifest would copy it.
    const { size } = await stat(path);
    if (size > MAX_CONFIG_BYTES) {
      throw new UsageError(`${path}: ${(size / 2 ** 20).toFixed(1)} MB is not a sweep config (at most ${MAX_CONFIG_BYTES / 2 ** 20} MB; each run's manifest keeps a copy)`);
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a config file' : (code ?? String(error));
    throw new UsageError(`${path}: cannot read the config (${why})`, { cause: error });
  }
  const validated = validateConfig(parseJson(text, path));
  const context = { baseDir: dirname(path), defaultPromptsDir: join(packageRoot, 'prompts') };
  const files = validated.config === undefined ? [] : await fileProblems(validated.config, context);
  return accepted(path, validated, [...semanticProblemsOf(validated, env), ...files]);
}

/** Pure: config text → validated config. Throws one UsageError whose lines each name the file and a path. */
export function parseConfig(text: string, path: string, env: NodeJS.ProcessEnv): SweepConfig {
  const validated = validateConfig(parseJson(text, path));
  return accepted(path, validated, semanticProblemsOf(validated, env));
}

/** Cross-field problems, also of a config that failed its definition, so that every problem is listed at once. */
function semanticProblemsOf(validated: Validated, env: NodeJS.ProcessEnv): string[] {
  return validated.config === undefined ? [] : semanticProblems(validated.config, env);
}

/** The config, unless the definition or a check found problems: then one UsageError listing them all. */
function accepted(path: string, validated: Validated, more: string[]): SweepConfig {
  if (validated.valid && more.length === 0) return validated.config;
  const unique = [...new Set([...validated.problems, ...more])];
  throw new UsageError(unique.map((p) => `${path}: ${p}`).join('\n'), {
    hint: unique.length > 1 ? `${unique.length} problems; the schema is configs/gkt.schema.json` : 'the schema is configs/gkt.schema.json',
  });
}

function parseJson(raw: string, path: string): unknown {
  // Editors on Windows may save a byte-order mark; it is not part of the JSON.
  const text = raw.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new UsageError(`${path}:1:1: not valid JSON (the file is empty)`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    // The line and column replace the character offset (and the line Node 22 appends) in the message.
    const reason = message.replace(/( in JSON)? at position \d+.*$/, '');
    throw new UsageError(`${path}${jsonErrorPosition(text, message)}: not valid JSON (${reason})`);
  }
  // JSON.parse keeps the last of two equal keys: a setting written twice would be half ignored, unseen.
  const twice = duplicateKeys(text);
  if (twice.length > 0) {
    throw new UsageError(twice.map((d) => `${path}:${d.line}:${d.column}: "${d.key}" is set twice in ${d.at === '' ? 'the top level' : d.at}`).join('\n'), {
      hint: 'JSON would keep only the last: remove one',
    });
  }
  return json;
}

/** `:line:column` from a JSON.parse message that names a position (or ends early), else ''. */
function jsonErrorPosition(text: string, message: string): string {
  const match = /position (\d+)/.exec(message);
  const position = match ? Number(match[1]) : /end of JSON input/.test(message) ? text.length : null;
  if (position === null) return '';
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `:${line}:${column}`;
}
