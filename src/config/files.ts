// The files a config names (dataset files, prompt files), checked to exist before anything runs, so that a
// missing one is reported by its JSON path together with the config's other problems.
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { splitExemplars } from '../prompts/exemplars.js';
import { promptFileName } from '../prompts/template.js';
import { DEFAULT_SHOTS_BY_DATASET } from './defaults.js';
import { member } from './schema-errors.js';
import type { Loose, SweepConfig } from './types.js';

export interface FileCheckContext {
  /** Folder relative paths in the config are read from: the config file's own. */
  baseDir: string;
  /** gkt's own prompts folder, used when the config names none. */
  defaultPromptsDir: string;
}

type Config = Loose<SweepConfig>;
type Datasets = NonNullable<Config['datasets']>;

/** Problems as `$.path: message` lines. Like the semantic checks, they see what was valid in the config (see Loose). */
export async function fileProblems(config: Config, context: FileCheckContext): Promise<string[]> {
  const datasets = config.datasets ?? [];
  const problems: string[] = [];
  for (const [i, dataset] of datasets.entries()) {
    if (dataset?.path === undefined) continue;
    const path = resolve(context.baseDir, dataset.path);
    const kind = await kindOf(path);
    if (kind === 'missing') problems.push(`$.datasets[${i}].path: no such file: ${path}`);
    if (kind === 'folder') problems.push(`$.datasets[${i}].path: ${path} is a folder, not a dataset file`);
  }
  problems.push(...(await promptProblems(config, datasets, context)));
  for (const [key, model] of Object.entries(config.models ?? {})) {
    const template = model?.chat?.template;
    if (template === undefined || template === 'server') continue;
    const path = resolve(context.baseDir, template);
    if ((await kindOf(path)) === 'missing') problems.push(`$.models${member(key)}.chat.template: no such file or folder: ${path}`);
  }
  return problems;
}

async function promptProblems(config: Config, datasets: Datasets, context: FileCheckContext): Promise<string[]> {
  const prompt = config.prompt ?? {};
  // A format or folder given with problems is refused as such; its files are not looked for.
  if (('format' in prompt && prompt.format === undefined) || ('dir' in prompt && prompt.dir === undefined)) return [];
  const format = prompt.format ?? 'reference';
  let dir = context.defaultPromptsDir;
  if (prompt.dir !== undefined) {
    dir = resolve(context.baseDir, prompt.dir);
    if ((await kindOf(dir)) !== 'folder') return [`$.prompt.dir: no such folder: ${dir}`];
  }
  const variant = prompt.variant;
  const names = new Set(datasets.map((d) => d?.name));
  const problems: string[] = [];
  for (const name of ['gsm8k', 'csqa'] as const) {
    if (!names.has(name)) continue;
    // As when the sweep is prepared: a variant names a CSQA exemplar file only.
    const file = promptFileName(name, format, name === 'csqa' ? variant : undefined);
    const path = join(dir, file);
    if ((await kindOf(path)) !== 'file') {
      const at =
        prompt.dir !== undefined ? '$.prompt.dir' : name === 'csqa' && variant !== undefined ? '$.prompt.variant' : '$.prompt.format';
      problems.push(`${at}: no prompt file ${file} in ${dir}`);
    } else if (prompt.dir !== undefined) {
      // gkt's own files hold the paper's exemplar counts, which the semantic checks know; a user's may hold any.
      problems.push(...(await shotProblems(config, datasets, name, path)));
    }
  }
  return problems;
}

async function shotProblems(config: Config, datasets: Datasets, name: 'gsm8k' | 'csqa', path: string): Promise<string[]> {
  let available: number;
  try {
    available = splitExemplars(await readFile(path, 'utf8'), path).length;
  } catch {
    // An unreadable or malformed file is refused when it is loaded, with its line.
    return [];
  }
  const problems: string[] = [];
  datasets.forEach((dataset, i) => {
    if (dataset?.name !== name) return;
    const given =
      dataset.shots !== undefined
        ? { at: `$.datasets[${i}].shots`, shots: dataset.shots }
        : config.shots !== undefined
          ? { at: '$.shots', shots: config.shots }
          : null;
    if (given === null) {
      const k = DEFAULT_SHOTS_BY_DATASET[name];
      if (k > available) {
        problems.push(`$.datasets[${i}]: ${path} has ${available} exemplars, fewer than the default ${k} shots (set shots)`);
      }
      return;
    }
    const asked = typeof given.shots === 'number' ? [given.shots] : given.shots;
    for (const k of asked) {
      if (k !== undefined && k > available) problems.push(`${given.at}: ${path} has ${available} exemplars, ${k} asked`);
    }
  });
  return problems;
}

async function kindOf(path: string): Promise<'file' | 'folder' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}
