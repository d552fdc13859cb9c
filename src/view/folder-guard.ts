// The viewer reads nothing outside the run folders it was given: links that lead out are refused before any read.
import { lstat, readdir, realpath } from 'node:fs/promises';
import { join, relative, sep, isAbsolute } from 'node:path';
import { readerPaths } from '../results/read-run.js';
import { UsageError } from '../util/errors.js';

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The folders as given, made absolute with every link resolved: the only places the viewer reads. */
export async function runRoots(dirs: readonly string[]): Promise<string[]> {
  return Promise.all(
    dirs.map(async (dir) => {
      try {
        return await realpath(dir);
      } catch {
        throw new UsageError(`${dir}: no such run folder`, { hint: 'give the folder `gkt run` wrote, e.g. results/<run>' });
      }
    }),
  );
}

async function checkPath(path: string, roots: readonly string[]): Promise<void> {
  const info = await lstat(path).catch(() => null);
  if (info === null || !info.isSymbolicLink()) return;
  const target = await realpath(path).catch(() => null);
  if (target === null) throw new UsageError(`${path}: a link that leads nowhere; gkt view reads only files inside the run folders`);
  if (!roots.some((root) => isInside(root, target))) {
    throw new UsageError(`${path}: a link to ${target}, outside the run folders given; gkt view reads nothing outside them`);
  }
}

/** Every file a reader of the run would read, checked: a link is followed only when it stays inside one of the roots. */
export async function checkRunFolder(root: string, roots: readonly string[]): Promise<void> {
  const { files, folders } = readerPaths(root);
  for (const file of files) await checkPath(file, roots);
  for (const folder of folders) {
    await checkPath(folder, roots);
    const entries = await readdir(folder).catch(() => [] as string[]);
    for (const entry of entries) await checkPath(join(folder, entry), roots);
  }
}
