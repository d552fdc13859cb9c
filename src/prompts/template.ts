// The exemplars a run puts in front of every question: the first `shots` blocks of one prompt file.
import { readFile } from 'node:fs/promises';
import { firstNonUtf8Line, NOT_UTF8 } from '../util/utf8.js';
import { join } from 'node:path';
import type { DatasetName, PromptFormat } from '../vocabulary.js';
import { UsageError } from '../util/errors.js';
import { sha256 } from '../util/hash.js';
import { splitExemplars } from './exemplars.js';

export interface PromptTemplate {
  dataset: DatasetName;
  format: PromptFormat;
  shots: number;
  /** The first `shots` exemplar blocks, each ending with its blank line. */
  exemplars: string;
  /** sha256 of `exemplars`: what a run's manifest records as its prompt. */
  sha256: string;
  path: string;
}

/** Paper Section 4 (Manual-CoT, Wei et al. 2022): 8 GSM8K exemplars, 7 CSQA exemplars. */
export const DEFAULT_SHOTS: Record<DatasetName, number> = { gsm8k: 8, csqa: 7 };

const VARIANT = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** `<dataset>.<format>.txt`, or `<dataset>.<format>-<variant>.txt` for a named variant. */
export function promptFileName(dataset: DatasetName, format: PromptFormat, variant?: string): string {
  if (variant === undefined) return `${dataset}.${format}.txt`;
  if (!VARIANT.test(variant)) {
    throw new UsageError(`prompt variant "${variant}" is not a kebab-case name (e.g. "fox-corrected")`);
  }
  return `${dataset}.${format}-${variant}.txt`;
}

export async function loadPromptTemplate(
  dataset: DatasetName,
  format: PromptFormat,
  shots: number,
  promptsDir: string,
  variant?: string,
): Promise<PromptTemplate> {
  const path = join(promptsDir, promptFileName(dataset, format, variant));
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: cannot read the prompt file (${code ?? String(error)})`, { cause: error });
  }
  const bad = firstNonUtf8Line(bytes);
  if (bad !== null) throw new UsageError(`${path}:${bad}: ${NOT_UTF8}`);
  const text = bytes.toString('utf8');
  return templateFromText(dataset, format, shots, text, path);
}

/** Pure: prompt file text → template of its first `shots` exemplars. */
export function templateFromText(
  dataset: DatasetName,
  format: PromptFormat,
  shots: number,
  text: string,
  path: string,
): PromptTemplate {
  const blocks = splitExemplars(text, path);
  if (!Number.isInteger(shots) || shots < 0) throw new UsageError(`${path}: shots is ${shots}, not a whole number, 0 or more`);
  if (shots > blocks.length) {
    throw new UsageError(`${path}: ${shots} shots asked for, but the file has ${blocks.length} exemplars`);
  }
  const exemplars = blocks.slice(0, shots).join('');
  return { dataset, format, shots, exemplars, sha256: sha256(exemplars), path };
}
