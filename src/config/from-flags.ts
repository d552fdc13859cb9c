// One-cell mode: build a sweep config from `gkt run` flags, for a quick cell without writing a config file.
import { UsageError } from '../util/errors.js';
import type { ModelSpec, SweepConfig } from './types.js';
import { DATASET_NAMES, MODES, PROJECTIONS, SERVER_KINDS } from '../vocabulary.js';

export interface CellFlags {
  dataset?: string;
  datasetPath?: string;
  teacherUrl?: string;
  teacherModel?: string;
  teacherKind?: string;
  studentUrl?: string;
  studentModel?: string;
  studentKind?: string;
  guidance?: number;
  outputLength?: number;
  projection?: string;
  batch?: number;
  mode?: string;
  baselines?: boolean;
  runName?: string;
}

/** Flags that shape the teacher's part of a cell; a baseline run has none. */
const TEACHER_ONLY: Array<[string, (flags: CellFlags) => boolean]> = [
  ['--guidance', (f) => f.guidance !== undefined],
  ['--projection', (f) => f.projection !== undefined],
  ['--batch', (f) => f.batch !== undefined],
  ['--no-baselines', (f) => f.baselines === false],
];

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag}: "${value}" is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function modelFromFlags(role: 'teacher' | 'student', url: string | undefined, model: string | undefined, kind: string | undefined): ModelSpec | undefined {
  if (url === undefined && model === undefined) {
    if (kind !== undefined) throw new UsageError(`--${role}-kind: needs --${role}-url and --${role}-model`);
    return undefined;
  }
  if (url === undefined) throw new UsageError(`--${role}-url: is required with --${role}-model`);
  if (model === undefined) throw new UsageError(`--${role}-model: is required with --${role}-url (the id the server lists at /v1/models)`);
  if (!/^https?:\/\//.test(url)) throw new UsageError(`--${role}-url: "${url}" is not an http(s) URL`);
  // Tables name models by label: the served id's last part reads better than "teacher" and "student".
  return { kind: oneOf(kind, SERVER_KINDS, `--${role}-kind`) ?? 'generic', url, model, label: model.split('/').pop() || model };
}

/** Flags → a config that goes through the same validation as a file. Without a teacher it is a baseline run. */
export function configFromFlags(flags: CellFlags): SweepConfig {
  const dataset = oneOf(flags.dataset, DATASET_NAMES, '--dataset');
  if (!dataset) throw new UsageError('run: give a config file, or --dataset with --student-url and --student-model (and --teacher-url/--teacher-model for a GKT cell)');
  const teacher = modelFromFlags('teacher', flags.teacherUrl, flags.teacherModel, flags.teacherKind);
  const student = modelFromFlags('student', flags.studentUrl, flags.studentModel, flags.studentKind);
  if (!student) throw new UsageError('--student-url and --student-model: are required (the model that writes the answer)');
  if (!teacher) {
    // Without a teacher the run is a baseline: these would be ignored, and the user would not know.
    const teacherOnly = TEACHER_ONLY.filter(([, given]) => given(flags)).map(([flag]) => flag);
    if (teacherOnly.length > 0) throw new UsageError(`${teacherOnly.join(', ')}: needs a teacher (--teacher-url and --teacher-model)`);
  }
  if (teacher && flags.batch !== undefined) teacher.batch = flags.batch;
  const projection = oneOf(flags.projection, PROJECTIONS, '--projection');
  const mode = oneOf(flags.mode, MODES, '--mode');
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[^A-Za-z0-9]+/, '').slice(0, 40) || 'model';
  const name =
    flags.runName ??
    [dataset, teacher ? safe(teacher.model.split('/').pop()!) : null, safe(student.model.split('/').pop()!), flags.guidance, flags.outputLength]
      .filter((p) => p !== null && p !== undefined)
      .join('-');
  const withBaselines = flags.baselines !== false;
  return {
    name,
    models: { ...(teacher ? { teacher } : {}), student },
    datasets: [{ name: dataset, ...(flags.datasetPath !== undefined ? { path: flags.datasetPath } : {}) }],
    ...(teacher ? { pairs: [{ teacher: 'teacher', student: 'student' }] } : { singles: ['student'] }),
    ...(flags.guidance !== undefined ? { guidance: [flags.guidance] } : {}),
    ...(flags.outputLength !== undefined ? { outputLengths: [flags.outputLength] } : {}),
    ...(projection ? { projections: [projection] } : {}),
    ...(mode ? { mode } : {}),
    ...(teacher ? { baselines: { studentAlone: withBaselines, teacherAlone: withBaselines, teacherAloneBatched: withBaselines } } : {}),
  };
}
