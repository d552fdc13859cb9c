// Vitest global setup: dist/ is rebuilt from the current source before any test runs, unless it already is
// that source's build. Child processes run dist/ (bin/gkt, and the simulators `gkt run` launches), while
// tests run src/ in process: both must be the same code, whatever was or was not built by hand.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** What the last build here was built from and what it wrote; a cache, deleted freely. */
const STAMP = join(ROOT, 'node_modules', '.cache', 'gkt', 'dist-stamp.json');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

function sourceFiles(dir: string, pattern = /\.ts$/): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** One hash over each file's path and content (a missing file counts as such, not as empty). */
function digest(files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${relative(ROOT, file)}\0`);
    hash.update(existsSync(file) ? readFileSync(file) : '\0missing\0');
  }
  return hash.digest('hex');
}

function state(): { source: string; built: string } {
  const sources = sourceFiles(join(ROOT, 'src'));
  // The viewer's pages bundle web/ with parts of src/view into dist/view-web.
  const pages = sourceFiles(join(ROOT, 'web'), /\.(ts|tsx|css|mjs)$/);
  const config = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'node_modules/typescript/package.json', 'node_modules/esbuild/package.json'].map((f) => join(ROOT, f));
  const outputs = sources.map((file) => join(ROOT, 'dist', relative(join(ROOT, 'src'), file)).replace(/\.ts$/, '.js'));
  const bundle = ['app.js', 'app.css'].map((name) => join(ROOT, 'dist', 'view-web', name));
  return { source: digest([...config, ...sources, ...pages]), built: digest([...outputs, ...bundle]) };
}

function readStamp(): { source: string; built: string } | null {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8')) as { source: string; built: string };
  } catch {
    return null;
  }
}

export default function setup(): void {
  const now = state();
  const stamp = readStamp();
  if (stamp !== null && stamp.source === now.source && stamp.built === now.built) return;
  const started = performance.now();
  // Types are the typecheck's job (`npm run typecheck`); with isolatedModules the emitted code does not depend on them.
  const build = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.build.json', '--noCheck'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`building dist/ for the tests failed:\n${build.stdout}${build.stderr}`);
  const pagesBuild = spawnSync(process.execPath, [join(ROOT, 'web', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (pagesBuild.status !== 0) throw new Error(`building the viewer's pages for the tests failed:\n${pagesBuild.stdout}${pagesBuild.stderr}`);
  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, `${JSON.stringify({ source: now.source, built: state().built })}\n`);
  process.stderr.write(`built dist/ from the current source in ${((performance.now() - started) / 1000).toFixed(1)} s (child processes run it)\n`);
}
