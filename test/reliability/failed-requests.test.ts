// Requests that fail for good are recorded (kind, message, attempts), count as wrong, and --retry-errors redoes exactly them.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GSM8K_MINI, jsonlFiles, killLeftovers, readLines, recordsOf, runGkt, workspace, type Workspace } from './helpers.js';
import { proxy, simulator } from './servers.js';

const ITEMS = 8;

let space: Workspace | null = null;
const closers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  killLeftovers();
  for (const c of closers.splice(0)) await c.close();
  await space?.cleanup();
  space = null;
});

type Recorded = Record<string, unknown> & { item: string; error: { kind: string; message: string; attempts: number; role?: string } | null };

interface ReportCell {
  id: string;
  items: { planned: number; present: number };
  errors: { total: number };
  acc: Record<'strict', { correct: number; total: number }>;
}

describe('failed requests', () => {
  it('are recorded and stay in the denominator, and --retry-errors redoes exactly them', async () => {
    const faults = { rate: 0.3, kinds: ['500', '503', 'reset', 'malformed'], seed: 3 };
    const teacherSim = await simulator({ model: 'sim-teacher', accuracy: 0.75, faults });
    const studentSim = await simulator({ model: 'sim-student', accuracy: 0.25, faults });
    const teacher = await proxy(teacherSim.url);
    const student = await proxy(studentSim.url);
    closers.push(teacherSim, studentSim, teacher, student);
    space = await workspace({
      name: 'faults',
      seed: 1,
      models: {
        teacher: { kind: 'simulated', url: teacher.url, model: 'sim-teacher', batch: 4 },
        student: { kind: 'simulated', url: student.url, model: 'sim-student' },
      },
      datasets: [{ name: 'gsm8k', path: GSM8K_MINI, outputLengths: [30] }],
      pairs: [{ teacher: 'teacher', student: 'student' }],
      guidance: [20],
      baselines: { studentAlone: true, teacherAlone: false, teacherAloneBatched: false },
      // One attempt: every fault is a failure for good.
      requests: { attempts: 1, timeoutSeconds: 30, maxErrorRate: 1 },
      cache: false,
    });
    const runDir = space.run('faults');
    const args = ['run', space.config, '--results', space.results];

    const first = await runGkt(args);
    expect(first.code, first.stderr).toBe(3);
    const [passFile] = jsonlFiles(runDir, 'teacher');
    const cellFiles = jsonlFiles(runDir, 'cells');
    const teacherRecords = recordsOf(passFile!, 'teacher') as Recorded[];
    const itemRecords = cellFiles.flatMap((f) => recordsOf(f, 'item')) as Recorded[];
    const teacherFailed = teacherRecords.filter((r) => r.error !== null);
    const itemsFailed = itemRecords.filter((r) => r.error !== null);

    // Every item has its record, failed or not; the faults hit both roles.
    expect(teacherRecords).toHaveLength(ITEMS);
    expect(itemRecords).toHaveLength(2 * ITEMS);
    expect(teacherFailed.length).toBeGreaterThan(0);
    expect(itemsFailed.some((r) => r.error!.role === 'student')).toBe(true);
    expect(teacher.attempts()).toHaveLength(ITEMS);
    for (const r of [...teacherFailed, ...itemsFailed]) {
      expect(['server', 'connection', 'malformed']).toContain(r.error!.kind);
      expect(r.error!.message).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/v1\/completions: /);
      expect(r.error!.attempts).toBe(1);
    }
    // A failed teacher request fails its item in the cell it guides, without asking the student.
    const gktFile = cellFiles.find((f) => (readLines(f)[0]!.cell as { kind: string }).kind === 'gkt')!;
    const guided = recordsOf(gktFile, 'item') as Recorded[];
    for (const t of teacherFailed) {
      expect(guided.find((r) => r.item === t.item)).toMatchObject({ error: { role: 'teacher', kind: t.error!.kind }, student: null });
    }
    expect(student.attempts()).toHaveLength(2 * ITEMS - teacherFailed.length);

    // The report counts failed items as wrong, over every item.
    const report = await runGkt(['report', runDir, '--format', 'json', '--out', join(space.dir, 'report')]);
    expect(report.code, report.stderr).toBe(0);
    const metrics = (JSON.parse(readFileSync(join(space.dir, 'report', 'report.json'), 'utf8')) as { metrics: ReportCell[] }).metrics;
    expect(metrics).toHaveLength(2);
    for (const cell of metrics) {
      const records = itemRecords.filter((r) => r.cell === cell.id);
      const answers = (r: Recorded) => (r.answers as Record<'strict', { correct: boolean }>).strict;
      expect(cell.items).toMatchObject({ planned: ITEMS, present: ITEMS });
      expect(cell.errors.total).toBe(records.filter((r) => r.error !== null).length);
      expect(cell.acc.strict.total).toBe(ITEMS);
      expect(cell.acc.strict.correct).toBe(records.filter((r) => answers(r).correct).length);
      expect(records.filter((r) => r.error !== null).every((r) => !answers(r).correct)).toBe(true);
    }

    // Without --retry-errors a rerun has nothing to do; with it, exactly the failed items are asked again.
    const kept = [passFile!, ...cellFiles].flatMap((f) => readLines(f).filter((l) => (l.type === 'teacher' || l.type === 'item') && l.error === null)).map((l) => JSON.stringify(l));
    const again = await runGkt(args);
    expect(again.code, again.stderr).toBe(3);
    expect(teacher.attempts()).toHaveLength(ITEMS);
    expect(student.attempts()).toHaveLength(2 * ITEMS - teacherFailed.length);

    delete teacherSim.profile.faults;
    delete studentSim.profile.faults;
    const retried = await runGkt([...args, '--retry-errors']);
    expect(retried.code, retried.stderr).toBe(0);
    expect(teacher.attempts()).toHaveLength(ITEMS + teacherFailed.length);
    expect(student.attempts()).toHaveLength(2 * ITEMS - teacherFailed.length + itemsFailed.length);
    const after = [passFile!, ...cellFiles].flatMap((f) => readLines(f).filter((l) => l.type === 'teacher' || l.type === 'item'));
    expect(after).toHaveLength(ITEMS + 2 * ITEMS);
    expect(after.every((l) => l.error === null)).toBe(true);
    // Records that had succeeded are kept as they were, byte for byte.
    const afterLines = new Set(after.map((l) => JSON.stringify(l)));
    expect(kept.every((line) => afterLines.has(line))).toBe(true);
    const redone = after.filter((l) => !kept.includes(JSON.stringify(l))).map((l) => `${String(l.type)}:${String(l.cell ?? l.pass)}:${String(l.item)}`);
    const failed = [...teacherFailed, ...itemsFailed].map((l) => `${String(l.type)}:${String(l.cell ?? l.pass)}:${String(l.item)}`);
    expect(redone.sort()).toEqual(failed.sort());
  }, 40_000);

  it('redo a cell item failed by its teacher once the teacher has answered, without --retry-errors', async () => {
    const teacherSim = await simulator({ model: 'sim-teacher', accuracy: 0.75, faults: { rate: 0.4, kinds: ['500'], seed: 5 } });
    const studentSim = await simulator({ model: 'sim-student', accuracy: 0.25 });
    const teacher = await proxy(teacherSim.url);
    const student = await proxy(studentSim.url);
    closers.push(teacherSim, studentSim, teacher, student);
    space = await workspace({
      name: 'stale',
      seed: 1,
      models: {
        teacher: { kind: 'simulated', url: teacher.url, model: 'sim-teacher', batch: 8 },
        student: { kind: 'simulated', url: student.url, model: 'sim-student' },
      },
      datasets: [{ name: 'gsm8k', path: GSM8K_MINI, outputLengths: [30] }],
      pairs: [{ teacher: 'teacher', student: 'student' }],
      guidance: [20],
      baselines: { studentAlone: false, teacherAlone: false, teacherAloneBatched: false },
      requests: { attempts: 1, timeoutSeconds: 30, maxErrorRate: 1 },
      cache: false,
    });
    const runDir = space.run('stale');
    const first = await runGkt(['run', space.config, '--results', space.results]);
    expect(first.code, first.stderr).toBe(3);
    const [passFile] = jsonlFiles(runDir, 'teacher');
    const [cellFile] = jsonlFiles(runDir, 'cells');
    const teacherFailed = (recordsOf(passFile!, 'teacher') as Recorded[]).filter((r) => r.error !== null).map((r) => r.item);
    expect(teacherFailed.length).toBeGreaterThan(0);
    expect((recordsOf(cellFile!, 'item') as Recorded[]).filter((r) => r.error?.role === 'teacher').map((r) => r.item).sort()).toEqual([...teacherFailed].sort());

    // The pass as a retry leaves it when that run stops before reaching the cell: every teacher answer there.
    delete teacherSim.profile.faults;
    const elsewhere = join(space.dir, 'elsewhere');
    expect((await runGkt(['run', space.config, '--results', elsewhere])).code).toBe(0);
    copyFileSync(join(elsewhere, 'stale', 'teacher', passFile!.split('/').at(-1)!), passFile!);
    const before = { teacher: teacher.generations().length, student: student.generations().length };

    const resumed = await runGkt(['run', space.config, '--results', space.results]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`mended ${cellFile}: ${teacherFailed.length} failed items to redo`);
    expect(teacher.generations().length - before.teacher).toBe(0);
    expect(student.generations().length - before.student).toBe(teacherFailed.length);
    const items = recordsOf(cellFile!, 'item') as Recorded[];
    expect(items).toHaveLength(ITEMS);
    expect(items.every((r) => r.error === null)).toBe(true);
  }, 40_000);
});
