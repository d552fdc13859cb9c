// Where gkt is installed and which version it is, found from this file's own location.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest folder above `from` holding a package.json: gkt's root from its source (src/util), its
 * build (dist/util) and the benchmark's build of both (dist/bench/src/util) alike.
 */
function rootAbove(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return join(from, '..', '..');
  }
}

/** The package root: the folder holding package.json, prompts/, configs/ and datasets/. */
export const packageRoot: string = rootAbove(dirname(fileURLToPath(import.meta.url)));

let version: string | undefined;

export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
