// Figure 3: teacher tokens per item for a 10/20/30/40 guidance sweep, one shared teacher pass against one pass per length.
import type { Figure } from './figure.js';
import { startSimulatorPair } from './processes.js';
import { failedRecords, readPassFiles, teacherTokensPerItem } from './run-records.js';
import { STUDENT_ID, TEACHER_ID } from './sweep-configs.js';
import { runSweep, type Workspace } from './workspace.js';

/** Tokens per item do not depend on how many items run; this many keeps the figure quick. */
export const SWEEP_COST_ITEMS = 100;
const GUIDANCE = [10, 20, 30, 40];

export async function measureSweepCost(ws: Workspace): Promise<Figure[]> {
  const dataset = `gsm8k=${ws.dataset}`;
  const [teacher, student] = await startSimulatorPair(
    { model: TEACHER_ID, slots: 24, decodeMs: 0, prefillMs: 0, overheadMs: 0, dataset },
    { model: STUDENT_ID, slots: 16, decodeMs: 0, prefillMs: 0, overheadMs: 0, dataset },
    ws.dir,
  );
  const figures: Figure[] = [];
  try {
    for (const passes of ['shared', 'separate'] as const) {
      const before = teacher.requests();
      const run = await runSweep(
        ws,
        {
          name: `sweep-${passes}`,
          teacherPasses: passes,
          teacherBatching: 'static',
          cells: [{ guidance: GUIDANCE, outputLengths: [16] }],
          baselines: false,
          cache: false,
          studentConcurrency: 8,
        },
        { teacherUrl: teacher.url, studentUrl: student.url, batch: 24 },
        ['--limit', String(SWEEP_COST_ITEMS)],
      );
      const files = await readPassFiles(run.runDir);
      const failed = failedRecords(files);
      if (failed > 0) throw new Error(`${run.runDir}: ${failed} teacher requests failed`);
      const requests = teacher.requests() - before;
      figures.push(
        {
          id: `sweep.${passes}.teacher-tokens-per-item`,
          group: 'Sweep cost',
          label: `teacher tokens per item, guidance ${GUIDANCE.join('/')}, ${passes} teacher ${passes === 'shared' ? 'pass' : 'passes'}`,
          value: teacherTokensPerItem(files, SWEEP_COST_ITEMS),
          unit: 'tokens',
          ...(passes === 'shared' ? { target: { op: '<=' as const, value: 40 } } : {}),
          note: `completion tokens the server reported, ${files.length} ${files.length === 1 ? 'pass' : 'passes'} over ${SWEEP_COST_ITEMS} items`,
        },
        {
          id: `sweep.${passes}.teacher-requests-per-item`,
          group: 'Sweep cost',
          label: `teacher requests per item, ${passes}`,
          value: requests / SWEEP_COST_ITEMS,
          unit: 'requests',
          note: 'counted by the teacher server',
        },
      );
    }
  } finally {
    await Promise.all([teacher.stop(), student.stop()]);
  }
  return figures;
}
