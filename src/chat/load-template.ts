// Reads a chat template from a model's files: a tokenizer_config.json, a .jinja file, or a model folder holding them.
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../util/errors.js';
import { chatTemplate, specialTokens, templateFromTokenizerConfig, type ChatTemplate } from './template.js';

async function readText(path: string, what: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new UsageError(`${path}: cannot read the ${what} (${code ?? String(error)})`, { cause: error });
  }
}

async function readJson(path: string): Promise<unknown> {
  const text = await readText(path, 'tokenizer config');
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

/**
 * `path` may be a tokenizer_config.json, a `.jinja` file (its BOS and EOS then come from a
 * tokenizer_config.json beside it, when there is one), or a model folder holding either (a
 * `chat_template.jinja` is preferred, as Hugging Face does). `name` picks one of several named templates.
 */
export async function loadChatTemplate(path: string, name?: string): Promise<ChatTemplate> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new UsageError(`${path}: no such chat template file or model folder`, { cause: error });
  }
  const folder = info.isDirectory() ? path : dirname(path);
  const file = info.isDirectory() ? null : path;
  if (file !== null && basename(file).endsWith('.json')) return templateFromTokenizerConfig(await readJson(file), file, name);
  const jinjaPath = file ?? join(folder, 'chat_template.jinja');
  const jinja = await readText(jinjaPath, 'chat template');
  const configPath = join(folder, 'tokenizer_config.json');
  const config = await readJson(configPath);
  if (jinja !== null) {
    if (name !== undefined && name !== 'default') throw new UsageError(`${jinjaPath}: a .jinja file holds one template, not one named "${name}"`);
    return chatTemplate(jinja, specialTokens(config), jinjaPath);
  }
  if (config === null) throw new UsageError(`${folder}: neither chat_template.jinja nor tokenizer_config.json in this folder`);
  return templateFromTokenizerConfig(config, configPath, name);
}
