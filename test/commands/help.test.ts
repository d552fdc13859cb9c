// Each command's help names every value its options take, from the lists gkt itself checks them against.
import { describe, expect, it } from 'vitest';
import { TABLE_NAMES } from '../../src/report/build-report.js';
import { SERVER_KINDS } from '../../src/vocabulary.js';
import { runCli } from '../helpers/cli.js';

describe('gkt help', () => {
  it('gkt report --help lists every table --table takes', async () => {
    const { code, stdout } = await runCli(['report', '--help']);
    expect(code).toBe(0);
    const listed = /--table <name>\s+only this table \(([^)]*)\)/s.exec(stdout)?.[1]?.split(/,\s*/) ?? [];
    expect(listed).toEqual([...TABLE_NAMES]);
  });

  it('gkt run --help lists every server kind --teacher-kind takes', async () => {
    const { code, stdout } = await runCli(['run', '--help']);
    expect(code).toBe(0);
    const listed = /--teacher-kind <kind>\s+one-cell mode: teacher server kind\s*\(([^)]*)\)/s.exec(stdout)?.[1]?.split(/,\s*/) ?? [];
    expect(listed).toEqual([...SERVER_KINDS]);
  });
});
