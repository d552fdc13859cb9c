// A file-system error said in one line naming the path and the problem, with the exit code it calls for.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export interface FsProblem {
  message: string;
  /** 1 for a disk that is full (the run was fine until then), 2 for a path that cannot be used at all. */
  exitCode: 1 | 2;
}

const PROBLEMS: Record<string, { what: string; exitCode: 1 | 2 }> = {
  ELOOP: { what: 'a loop of symbolic links', exitCode: 2 },
  EACCES: { what: 'permission denied', exitCode: 2 },
  EPERM: { what: 'operation not permitted', exitCode: 2 },
  EROFS: { what: 'on a read-only file system', exitCode: 2 },
  EISDIR: { what: 'a folder, where a file was expected', exitCode: 2 },
  ENAMETOOLONG: { what: 'the path is too long', exitCode: 2 },
  ENOSPC: { what: 'no space left on the device (the disk is full)', exitCode: 1 },
  EDQUOT: { what: 'the disk quota is used up', exitCode: 1 },
};

function errnoOf(error: unknown): NodeJS.ErrnoException | null {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string') return e as NodeJS.ErrnoException;
  }
  return null;
}

/** The nearest ancestor of `path` that exists and is a file: the one standing where a folder should be. */
function fileInTheWay(path: string): string | null {
  for (let p = dirname(path); p !== dirname(p); p = dirname(p)) {
    try {
      return statSync(p).isDirectory() ? null : p;
    } catch {
      // Not there (or not reachable): look further up.
    }
  }
  return null;
}

/** The error writing into the nearest existing ancestor of `path` gives, or null when it can be written. */
function unwritableAncestor(path: string): unknown {
  for (let p = dirname(path); p !== dirname(p); p = dirname(p)) {
    if (!existsSync(p)) continue;
    try {
      accessSync(p, constants.W_OK);
      return null;
    } catch (error) {
      return error;
    }
  }
  return null;
}

/** Null for an error that is not the file system's (or not one of these kinds). */
export function fsProblem(error: unknown): FsProblem | null {
  const errno = errnoOf(error);
  if (errno === null) return null;
  const path = errno.path ?? (errno as { dest?: string }).dest ?? null;
  if (errno.code === 'ENOTDIR' || (errno.code === 'EEXIST' && errno.syscall === 'mkdir')) {
    const file = path === null ? null : errno.code === 'EEXIST' ? path : fileInTheWay(path);
    if (file === null) return null;
    return { message: `${file}: a file, where a folder is needed${path !== file && path !== null ? ` (for ${path})` : ''}`, exitCode: 2 };
  }
  // A recursive mkdir under a folder it cannot write into says ENOENT: the folder that exists says why.
  if (errno.code === 'ENOENT' && errno.syscall === 'mkdir' && path !== null) {
    const refused = unwritableAncestor(path);
    if (refused !== null) return fsProblem(refused);
  }
  const problem = PROBLEMS[errno.code ?? ''];
  if (problem === undefined) return null;
  return { message: `${path ?? '(unknown path)'}: ${problem.what}${errno.syscall ? ` (${errno.syscall})` : ''}`, exitCode: problem.exitCode };
}
