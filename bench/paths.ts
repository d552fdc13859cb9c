// Where the bench finds the repository it measures and its own compiled files.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This file runs from `dist/bench/bench/paths.js`, compiled by tsconfig.bench.json. */
export const BENCH_BUILD = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = join(BENCH_BUILD, '..', '..');
