// The bench's command line: which figure groups to measure and where to write them (pure).

export const GROUPS = ['client', 'scheduling', 'sweep', 'paper', 'scale', 'startup', 'view'] as const;
export type Group = (typeof GROUPS)[number];

export interface BenchArgs {
  groups: Group[];
  /** JSON output; null for none. */
  out: string | null;
  /** BENCHMARKS.md to rewrite; null for none. */
  doc: string | null;
  /** Exit 1 when a target is missed. */
  check: boolean;
  /** Replace only the measured groups' figures in the JSON and the page, keeping the others as they were. */
  merge: boolean;
  /** Leave the temporary folder (dataset, configs, run records) in place for a closer look. */
  keep: boolean;
  help: boolean;
}

export const USAGE = `usage: npm run bench [-- options]

Measures gkt's own cost next to its servers' and prints a table.

  --only <groups>  comma-separated: ${GROUPS.join(', ')} (default: all; a partial
                   run writes neither file unless --out / --doc name one, or --merge)
  --merge          with --only: put the groups measured into the JSON and the page
                   in place of their old figures, keeping every other group's
  --out <file>     JSON figures (default: bench/results/latest.json)
  --doc <file>     Markdown page of the figures (default: BENCHMARKS.md)
  --check          exit 1 when a figure misses its target
  --keep           keep the temporary folder with the runs' records, and say where
  -h, --help       this text`;

export class ArgsError extends Error {}

/** Paths are returned as given; the caller resolves them against its working directory. */
export function parseBenchArgs(argv: readonly string[], defaults: { out: string; doc: string }): BenchArgs {
  let groups: Group[] | null = null;
  let out: string | undefined;
  let doc: string | undefined;
  let check = false;
  let merge = false;
  let keep = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new ArgsError(`${arg}: expected a value after it`);
      return next;
    };
    if (arg === '--only') groups = parseGroups(value());
    else if (arg === '--out') out = value();
    else if (arg === '--doc') doc = value();
    else if (arg === '--check') check = true;
    else if (arg === '--merge') merge = true;
    else if (arg === '--keep') keep = true;
    else if (arg === '-h' || arg === '--help') help = true;
    else throw new ArgsError(`${arg}: unknown option (known: --only, --out, --doc, --check, --merge, --keep, --help)`);
  }
  const partial = groups !== null;
  if (merge && !partial) throw new ArgsError('--merge: name the groups to measure again with --only');
  return {
    groups: groups ?? [...GROUPS],
    out: out ?? (partial && !merge ? null : defaults.out),
    doc: doc ?? (partial && !merge ? null : defaults.doc),
    check,
    merge,
    keep,
    help,
  };
}

function parseGroups(list: string): Group[] {
  const names = list.split(',').map((n) => n.trim()).filter((n) => n !== '');
  if (names.length === 0) throw new ArgsError('--only: name at least one group');
  for (const name of names) {
    if (!(GROUPS as readonly string[]).includes(name)) throw new ArgsError(`--only: unknown group "${name}" (known: ${GROUPS.join(', ')})`);
  }
  // Measured in the bench's own order, whatever order they were named in.
  return GROUPS.filter((g) => names.includes(g));
}
