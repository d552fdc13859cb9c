import { describe, expect, it } from 'vitest';
import { ArgsError, GROUPS, parseBenchArgs } from '../../bench/args.js';

const defaults = { out: 'bench/results/latest.json', doc: 'BENCHMARKS.md' };

describe('parseBenchArgs', () => {
  it('measures everything and writes both files by default', () => {
    expect(parseBenchArgs([], defaults)).toEqual({ groups: [...GROUPS], out: defaults.out, doc: defaults.doc, check: false, merge: false, keep: false, help: false });
  });

  it.each([
    [['--only', 'startup'], { groups: ['startup'], out: null, doc: null }],
    [['--only', 'startup,client'], { groups: ['client', 'startup'], out: null, doc: null }],
    [['--only', 'paper', '--out', 'x.json'], { groups: ['paper'], out: 'x.json', doc: null }],
    [['--doc', 'B.md', '--check', '--keep'], { groups: [...GROUPS], out: defaults.out, doc: 'B.md', check: true, keep: true }],
    [['--only', 'scale,paper', '--merge'], { groups: ['paper', 'scale'], out: defaults.out, doc: defaults.doc, merge: true }],
  ])('%j', (argv, expected) => {
    expect(parseBenchArgs(argv, defaults)).toMatchObject(expected);
  });

  it.each([
    [['--only', 'bogus'], '--only: unknown group "bogus" (known: client, scheduling, sweep, paper, scale, startup, view)'],
    [['--only', ','], '--only: name at least one group'],
    [['--out'], '--out: expected a value after it'],
    [['--out', '--check'], '--out: expected a value after it'],
    [['--fast'], '--fast: unknown option (known: --only, --out, --doc, --check, --merge, --keep, --help)'],
    [['--merge'], '--merge: name the groups to measure again with --only'],
  ])('refuses %j with one line', (argv, message) => {
    expect(() => parseBenchArgs(argv, defaults)).toThrow(new ArgsError(message));
  });
});
