// The sweep configs the bench runs, attached to simulators it started itself (pure: URLs and paths in, JSON out).

export interface SweepModels {
  teacherUrl: string;
  studentUrl: string;
  /** Teacher batch size B (paper Table 8: 24 for Llama2-13B). */
  batch: number;
}

export interface SweepShape {
  name: string;
  dataset: string;
  teacherPasses: 'shared' | 'separate';
  teacherBatching: 'static' | 'continuous';
  /** Each entry is one pair block: guidance lengths → output lengths. */
  cells: Array<{ guidance: number[]; outputLengths: number[] }>;
  baselines: boolean;
  /** Off, on (the run's default folder), or this folder. */
  cache: boolean | string;
  /** Student requests in flight; the paper's one at a time when not given. */
  studentConcurrency?: number;
}

export const TEACHER_ID = 'sim-teacher-13b';
export const STUDENT_ID = 'sim-student-7b';

/** Paper Table 2 for one pair: Llama2-13B→Llama2-7B, guidance 10/20/30/40 → 300 and 30/40 → 200. */
export const PAPER_PAIR_CELLS: SweepShape['cells'] = [
  { guidance: [10, 20, 30, 40], outputLengths: [300] },
  { guidance: [30, 40], outputLengths: [200] },
];

export function sweepConfig(shape: SweepShape, models: SweepModels): Record<string, unknown> {
  return {
    name: shape.name,
    description: `gkt bench: ${shape.name}`,
    seed: 1,
    mode: 'faithful',
    models: {
      teacher: { kind: 'simulated', url: models.teacherUrl, model: TEACHER_ID, label: 'SimTeacher-13B', batch: models.batch, contextLength: 4096 },
      student: { kind: 'simulated', url: models.studentUrl, model: STUDENT_ID, label: 'SimStudent-7B', contextLength: 4096 },
    },
    datasets: [{ name: 'gsm8k', path: shape.dataset }],
    pairs: shape.cells.map((c) => ({ teacher: 'teacher', student: 'student', guidance: c.guidance, outputLengths: c.outputLengths })),
    teacherPasses: shape.teacherPasses,
    teacherBatching: shape.teacherBatching,
    ...(shape.studentConcurrency !== undefined ? { studentConcurrency: shape.studentConcurrency } : {}),
    baselines: { studentAlone: shape.baselines, teacherAlone: shape.baselines, teacherAloneBatched: shape.baselines },
    cache: typeof shape.cache === 'string' ? { dir: shape.cache } : shape.cache,
    requests: { timeoutSeconds: 120, graceSeconds: 5 },
  };
}
