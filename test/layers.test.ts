// The folders of src/ form layers: none imports another that imports it back, however far round.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCycles, partImports, type PartImport } from './helpers/import-graph.js';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Each cycle with the imports that close it, so a failure says which lines to move. */
function explain(cycles: string[][], edges: PartImport[]): string[] {
  return cycles.map((group) => {
    const inside = edges.filter((e) => group.includes(e.from) && group.includes(e.to));
    return `${group.join(' ⇄ ')}: ${inside.map((e) => `${e.file} → ${e.imported}`).join('; ')}`;
  });
}

describe('layers of src/', () => {
  it('no folder imports another that imports it back, directly or round about', () => {
    const edges = partImports(SRC);
    expect(edges.length).toBeGreaterThan(100);
    expect(explain(importCycles(edges), edges)).toEqual([]);
  });

  it('the glossary is the bottom layer: vocabulary.ts imports nothing of gkt', () => {
    expect(partImports(SRC).filter((e) => e.from === 'vocabulary.ts')).toEqual([]);
  });

  it('finds a cycle of two folders, a cycle round three, and none in a chain', () => {
    const edge = (from: string, to: string) => ({ from, to });
    expect(importCycles([edge('config', 'plan'), edge('plan', 'config')])).toEqual([['config', 'plan']]);
    expect(importCycles([edge('sweep', 'cluster'), edge('cluster', 'results'), edge('results', 'sweep'), edge('cli.ts', 'sweep')])).toEqual([
      ['cluster', 'results', 'sweep'],
    ]);
    expect(importCycles([edge('commands', 'sweep'), edge('sweep', 'cell'), edge('commands', 'cell')])).toEqual([]);
  });
});
