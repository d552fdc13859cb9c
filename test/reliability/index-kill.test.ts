// The indexes beside the records never say what the records do not: kill -9 at any moment, edit a record by
// hand, delete an index, and each run still finds exactly what is recorded.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileStamp } from '../../src/results/file-stamp.js';
import { scanRecords, isRecordLine } from '../../src/results/read-records.js';
import { readIndex } from '../../src/results/record-index.js';
import { createRng } from '../../src/util/rng.js';
import { GSM8K_MINI, jsonlFiles, killLeftovers, recordsOf, runGkt, simulatedModel, startGktProcess, workspace, type Workspace } from './helpers.js';

const ITEMS = 8;

const config = {
  name: 'indexed',
  seed: 1,
  models: {
    teacher: simulatedModel('sim-teacher', { accuracy: 0.75, slots: 4, decodeMsPerToken: 6, overheadMs: 3 }, { batch: 4 }),
    student: simulatedModel('sim-student', { accuracy: 0.25, slots: 2, decodeMsPerToken: 1, overheadMs: 3 }),
  },
  datasets: [{ name: 'gsm8k', path: GSM8K_MINI, outputLengths: [40] }],
  pairs: [{ teacher: 'teacher', student: 'student' }],
  guidance: [10, 20],
  baselines: { studentAlone: true, teacherAlone: false, teacherAloneBatched: false },
  requests: { timeoutSeconds: 30, graceSeconds: 5 },
  cache: false,
};

let space: Workspace | null = null;
afterEach(async () => {
  killLeftovers();
  await space?.cleanup();
  space = null;
});

/** The items a record file holds and whose request failed, read from the records themselves. */
async function fromRecords(path: string, kind: 'pass' | 'cell'): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  await scanRecords(path, kind, (line) => {
    if (!isRecordLine(line)) return;
    const error = line.type === 'teacher' ? (line.error ? 'teacher' : null) : (line.error?.role ?? null);
    if (!found.has(line.item) || (found.get(line.item) !== null && error === null)) found.set(line.item, error);
  });
  return found;
}

/** Every index the run left that its reader takes as current says exactly what the records hold; returns how many were. */
async function indexesTell(runDir: string): Promise<number> {
  let current = 0;
  for (const [sub, kind] of [['teacher', 'pass'], ['cells', 'cell']] as const) {
    for (const path of jsonlFiles(runDir, sub)) {
      const id = path.slice(path.lastIndexOf('/') + 1, -'.jsonl'.length);
      const stamp = await fileStamp(path);
      const index = stamp === null ? null : await readIndex(join(runDir, 'index', `${id}.index`), kind, id, stamp);
      if (index === null) continue;
      current += 1;
      const told = new Map([...index.entries].map(([item, entry]) => [item, entry.error]));
      expect(told, path).toEqual(await fromRecords(path, kind));
    }
  }
  return current;
}

function oneRecordPerItem(runDir: string): void {
  for (const [sub, type] of [['teacher', 'teacher'], ['cells', 'item']] as const) {
    for (const file of jsonlFiles(runDir, sub)) {
      expect(recordsOf(file, type).map((r) => r.item).sort(), file).toEqual(Array.from({ length: ITEMS }, (_, i) => `gsm8k-${i}`).sort());
    }
  }
}

describe('indexes and kill -9', () => {
  it('never tell more or less than the records, killed at any moment, and the run ends with one record per item', async () => {
    space = await workspace(config);
    const runDir = space.run('indexed');
    const args = ['run', space.config, '--results', space.results, '--quiet'];
    const rng = createRng(7);
    for (let round = 0; round < 6; round++) {
      const run = startGktProcess(args);
      // Somewhere in the run: starting servers, in the teacher pass, between phases, in a cell, closing files.
      await new Promise((resolve) => setTimeout(resolve, 150 + Math.floor(rng() * 900)));
      run.child.kill('SIGKILL');
      await run.exited;
      await indexesTell(runDir);
    }
    const last = await runGkt(args);
    expect(last.code, last.stderr).toBe(0);
    oneRecordPerItem(runDir);
    expect(await indexesTell(runDir)).toBe(4);
    expect(readFileSync(join(runDir, 'summary.txt'), 'utf8').match(/ 8\/8 /g)).toHaveLength(3);
  }, 90_000);

  it('see a record removed by hand, and the rerun asks for that item alone', async () => {
    space = await workspace(config);
    const runDir = space.run('indexed');
    const args = ['run', space.config, '--results', space.results, '--quiet'];
    expect((await runGkt(args)).code).toBe(0);
    const cell = jsonlFiles(runDir, 'cells')[0]!;
    const lines = readFileSync(cell, 'utf8').trimEnd().split('\n');
    writeFileSync(cell, `${lines.filter((line) => !line.includes('"item":"gsm8k-5"')).join('\n')}\n`);
    const rerun = await runGkt(args);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain('1 requests made');
    oneRecordPerItem(runDir);
    expect(await indexesTell(runDir)).toBe(4);
  }, 60_000);

  it('are rebuilt when deleted, and the rerun of a finished run still asks for nothing', async () => {
    space = await workspace(config);
    const runDir = space.run('indexed');
    const args = ['run', space.config, '--results', space.results, '--quiet'];
    expect((await runGkt(args)).code).toBe(0);
    const first = readFileSync(join(runDir, 'summary.txt'), 'utf8');
    rmSync(join(runDir, 'index'), { recursive: true });
    const rerun = await runGkt(args);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain('0 requests made');
    expect(existsSync(join(runDir, 'index'))).toBe(true);
    expect(await indexesTell(runDir)).toBe(4);
    expect(readFileSync(join(runDir, 'summary.txt'), 'utf8')).toBe(first);
  }, 60_000);

  it('let a record edited by hand change the summary the rerun prints', async () => {
    space = await workspace(config);
    const runDir = space.run('indexed');
    const args = ['run', space.config, '--results', space.results, '--quiet'];
    expect((await runGkt(args)).code).toBe(0);
    // The student alone's stored verdicts, all made right by hand: the summary reads stored verdicts.
    const cell = jsonlFiles(runDir, 'cells').find((file) => readFileSync(file, 'utf8').includes('"teacher":null'))!;
    writeFileSync(cell, readFileSync(cell, 'utf8').replaceAll('"correct":false', '"correct":true'));
    const rerun = await runGkt(args);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/\nstudent~ +gsm8k +40 +8\/8 +100\.00 +100\.00 +100\.00/);
  }, 60_000);
});

