// The imports between the parts of src/ (each folder, and each file at its top), and the cycles among them.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** One import from a file of part `from` of a file of part `to`. */
export interface PartImport {
  from: string;
  to: string;
  file: string;
  imported: string;
}

/** The part of src/ a file belongs to: its top folder, or the file itself when it sits at the top. */
function partOf(root: string, file: string): string {
  return relative(root, file).split(sep)[0]!;
}

/** Every relative import (static, `export … from`, and `import()`) between two parts of the tree under `root`. */
export function partImports(root: string): PartImport[] {
  const files = readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
  const found: PartImport[] = [];
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolve(dirname(file), fileName).replace(/\.js$/, '.ts');
      const from = partOf(root, file);
      const to = partOf(root, target);
      if (from !== to) found.push({ from, to, file: relative(root, file), imported: relative(root, target) });
    }
  }
  return found;
}

/** The groups of parts that import each other, directly or round about (strongly connected, Tarjan). */
export function importCycles(edges: readonly Pick<PartImport, 'from' | 'to'>[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, new Set());
    next.get(from)!.add(to);
  }
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (part: string): void => {
    order.set(part, order.size);
    low.set(part, order.get(part)!);
    stack.push(part);
    onStack.add(part);
    for (const to of next.get(part) ?? []) {
      if (!order.has(to)) {
        visit(to);
        low.set(part, Math.min(low.get(part)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(part, Math.min(low.get(part)!, order.get(to)!));
      }
    }
    if (low.get(part) !== order.get(part)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== part);
    if (group.length > 1) cycles.push(group.sort());
  };
  for (const part of [...next.keys()].sort()) if (!order.has(part)) visit(part);
  return cycles;
}
