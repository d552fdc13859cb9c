// Where gkt is installed and which version it is, found from this file's own location.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the folder holding package.json, prompts/, configs/ and datasets/. */
export const packageRoot: string = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

let version: string | undefined;

export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
