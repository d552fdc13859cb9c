// Expand a resolved sweep into teacher passes and cells, each with an id derived from its content.
import type { ResolvedModel, ResolvedSweep } from '../config/resolved.js';
import type { Batching, DatasetName, DatasetRef, ModelRef, Projection, PromptRef, Sampling } from '../vocabulary.js';
import { SERVER_KIND_INFO } from '../models/server-kinds.js';
import { contentId } from '../util/hash.js';
import { methodCells, prefixLengths, routersNeedLogprobs, type MethodCellContext } from './expand-methods.js';
import type { Cell, Plan, TeacherPass } from './types.js';

export interface PlanInputs {
  sweep: ResolvedSweep;
  /** Per dataset: the file's sha256 and the selected item ids, in run order. */
  datasets: Partial<Record<DatasetName, { sha256: string; itemIds: string[] }>>;
  /** The prompt actually used for a dataset with k exemplars. */
  prompt: (dataset: DatasetName, shots: number) => PromptRef;
  /** sha256 of the chat template gkt renders for a model, by model key. */
  chatTemplates?: Readonly<Record<string, string>>;
}

export function expandPlan({ sweep, datasets, prompt, chatTemplates = {} }: PlanInputs): Plan {
  const ref = (m: ResolvedModel): ModelRef => modelRef(m, chatTemplates[m.key] ?? null);
  const passes = new Map<string, TeacherPass>();
  const cells = new Map<string, Cell>();
  const addCell = (cell: Omit<Cell, 'id'>) => {
    const id = cellId(cell);
    if (!cells.has(id)) cells.set(id, { id, ...cell });
  };

  for (let repeat = 0; repeat < sweep.repeats; repeat++) {
    const seed = sweep.seed + repeat;
    for (const d of sweep.datasets) {
      const data = datasets[d.name];
      if (!data) continue;
      const datasetRef: DatasetRef = { name: d.name, sha256: data.sha256 };
      for (const shots of d.shots) {
        const promptRef = prompt(d.name, shots);
        const common = { dataset: datasetRef, prompt: promptRef, mode: sweep.mode, repeat, seed };
        const suffix = labelSuffix(sweep, d.shots.length > 1 ? shots : null, repeat);

        // Baselines follow the output lengths the pairs use: each student and teacher alone at each.
        // Keyed by model and length, so a model that is a student here and a teacher there runs once.
        const alone = new Map<string, { model: ResolvedModel; length: number; serial: boolean; batched: boolean; logprobs: boolean }>();
        const wantAlone = (m: ResolvedModel, lengths: number[], want: { serial: boolean; batched: boolean; logprobs?: boolean }) => {
          for (const length of lengths) {
            const key = `${m.key}\u0000${length}`;
            const entry = alone.get(key) ?? { model: m, length, serial: false, batched: false, logprobs: false };
            entry.serial ||= want.serial;
            entry.batched ||= want.batched;
            entry.logprobs ||= want.logprobs ?? false;
            alone.set(key, entry);
          }
        };
        // A single model alone: its content, so that a router can name the cell it reads before it is added.
        const singleContent = (m: ResolvedModel, length: number, batching: Batching, logprobs: boolean, tag: string): Omit<Cell, 'id'> => ({
          ...common,
          kind: 'single',
          label: `${m.label} alone${tag} ${length}${suffix}`,
          teacher: null,
          student: { model: ref(m), maxTokens: length, batching, sampling: samplingFor(sweep, m, 'baseline'), ...(logprobs ? { logprobs: true as const } : {}) },
        });
        // Method cells wait for the single cells, whose ids their routers read.
        const methods: Array<() => void> = [];

        for (const pair of sweep.pairs) {
          if (pair.datasets && !pair.datasets.includes(d.name)) continue;
          const teacher = model(sweep, pair.teacher);
          const student = model(sweep, pair.student);
          // A `prefix` hand-off is GKT itself: its length joins the guidance lengths, and its cell is theirs.
          const guidance = [...new Set([...(pair.guidance ?? d.guidance), ...prefixLengths(pair.handoffs)])];
          const lengths = pair.outputLengths ?? d.outputLengths;
          for (const projection of pair.projections ?? d.projections) {
            const teacherPasses = passesFor(sweep, ref(teacher), teacher, guidance, { ...common, projection });
            for (const pass of teacherPasses) {
              // Pairs sharing a teacher, prompt and longest length share its pass: it serves all their lengths.
              const known = passes.get(pass.id);
              passes.set(pass.id, known ? { ...known, serves: [...new Set([...known.serves, ...pass.serves])].sort((a, b) => a - b) } : pass);
            }
            for (const n of guidance) {
              const pass = teacherPasses.find((p) => p.serves.includes(n))!;
              for (const l of lengths) {
                addCell({
                  ...common,
                  kind: 'gkt',
                  label: `${teacher.label}→${student.label} ${n}${projection === 'cutoff' ? '' : `(${projection})`}→${l}${suffix}`,
                  teacher: { model: ref(teacher), guidanceTokens: n, projection, pass: pass.id },
                  student: { model: ref(student), maxTokens: l, batching: studentBatching(sweep), sampling: samplingFor(sweep, student, 'student') },
                });
              }
            }
          }
          const routes = (pair.routers ?? []).length > 0;
          wantAlone(student, lengths, { serial: sweep.baselines.studentAlone || routes, batched: false, logprobs: routersNeedLogprobs(pair.routers) });
          wantAlone(teacher, lengths, { serial: sweep.baselines.teacherAlone || routes, batched: sweep.baselines.teacherAloneBatched });
          // A teacher served with a draft model runs beside the teacher alone: speculative decoding, compared with it.
          for (const m of Object.values(sweep.models)) if (m.speculative?.teacher === teacher.key) wantAlone(m, lengths, { serial: true, batched: false });
          if ((pair.handoffs ?? []).some((h) => h.policy !== 'prefix') || (pair.cascades ?? []).length > 0 || routes) {
            for (const length of lengths) {
              methods.push(() => {
                const studentLogprobs = alone.get(`${student.key}\u0000${length}`)?.logprobs ?? false;
                const context: MethodCellContext = {
                  common,
                  teacher: { ref: ref(teacher), label: teacher.label, sampling: { pair: samplingFor(sweep, teacher, 'teacher'), alone: samplingFor(sweep, teacher, 'baseline') } },
                  student: {
                    ref: ref(student),
                    label: student.label,
                    sampling: { pair: samplingFor(sweep, student, 'student'), alone: samplingFor(sweep, student, 'baseline') },
                    batching: studentBatching(sweep),
                  },
                  length,
                  suffix,
                  alone: {
                    student: cellId(singleContent(student, length, { kind: 'serial' }, studentLogprobs, '')),
                    teacher: cellId(singleContent(teacher, length, { kind: 'serial' }, alone.get(`${teacher.key}\u0000${length}`)?.logprobs ?? false, '')),
                  },
                  idOf: cellId,
                };
                for (const cell of methodCells(context, pair)) addCell(cell);
              });
            }
          }
        }
        for (const single of sweep.singles) {
          if (single.datasets && !single.datasets.includes(d.name)) continue;
          wantAlone(model(sweep, single.model), single.outputLengths ?? d.outputLengths, { serial: true, batched: false });
        }

        const ordered = [...alone.values()].sort((a, b) => a.model.key.localeCompare(b.model.key) || a.length - b.length);
        for (const { model: m, length, serial, batched, logprobs } of ordered) {
          // One request at a time: the paper's single-model runs (batch size 1), used for Δ and Speed Up.
          if (serial) addCell(singleContent(m, length, { kind: 'serial' }, logprobs, ''));
          const b = teacherBatching(sweep, m);
          if (batched && b.kind !== 'serial' && b.size > 1) addCell(singleContent(m, length, b, false, ` ×${b.size}`));
        }
        for (const add of methods) add();
      }
    }
  }

  const items: Plan['items'] = {};
  for (const d of sweep.datasets) {
    const data = datasets[d.name];
    if (data) items[d.name] = data.itemIds;
  }
  return { run: sweep.name, passes: [...passes.values()], cells: [...cells.values()], items };
}

/** One shared pass serving every length, or one pass per length where exact or where boundaries are unknown. */
function passesFor(
  sweep: ResolvedSweep,
  teacherRef: ModelRef,
  teacher: ResolvedModel,
  guidance: number[],
  common: { dataset: DatasetRef; prompt: PromptRef; mode: TeacherPass['mode']; seed: number; projection: Projection },
): TeacherPass[] {
  const canCut = SERVER_KIND_INFO[teacher.endpoint.kind].tokenBoundaries !== 'none';
  // Even a single length is cut from a token-reporting pass, so that a pair with fewer lengths shares the pass.
  const shared = sweep.teacherPasses === 'shared' && canCut;
  const groups = shared ? [[...guidance].sort((a, b) => a - b)] : guidance.map((n) => [n]);
  return groups.map((serves) => {
    const content = {
      ...common,
      model: teacherRef,
      maxTokens: Math.max(...serves),
      batching: teacherBatching(sweep, teacher),
      sampling: samplingFor(sweep, teacher, 'teacher'),
      boundaries: shared ? ('tokens' as const) : ('exact' as const),
    };
    return { id: contentId('t', content), ...content, serves };
  });
}

export function cellId(cell: Omit<Cell, 'id'>): string {
  const { label: _label, ...content } = cell;
  return contentId('c', content);
}

function model(sweep: ResolvedSweep, key: string): ResolvedModel {
  const m = sweep.models[key];
  if (!m) throw new Error(`plan: no model "${key}" (the config validator should have refused this)`);
  return m;
}

function modelRef(m: ResolvedModel, templateSha256: string | null): ModelRef {
  const speculative = m.speculative === null ? {} : { speculative: { teacher: m.speculative.teacher, draft: m.speculative.draft, draftTokens: m.speculative.draftTokens } };
  if (m.chat === null) return { name: m.key, model: m.endpoint.servedModel, ...speculative };
  const { template: _path, templateName: _name, ...format } = m.chat;
  return { name: m.key, model: m.endpoint.servedModel, chat: { ...format, template: m.chat.render === 'gkt' ? templateSha256 : null }, ...speculative };
}

function teacherBatching(sweep: ResolvedSweep, teacher: ResolvedModel): Batching {
  const size = teacher.batch * Math.max(1, teacher.endpoint.urls.length);
  return { kind: sweep.teacherBatching, size };
}

function studentBatching(sweep: ResolvedSweep): Batching {
  return sweep.studentConcurrency === 1 ? { kind: 'serial' } : { kind: 'continuous', size: sweep.studentConcurrency };
}

function samplingFor(sweep: ResolvedSweep, m: ResolvedModel, role: 'teacher' | 'student' | 'baseline'): Sampling {
  return m.sampling ?? sweep.sampling[role];
}

function labelSuffix(sweep: ResolvedSweep, shots: number | null, repeat: number): string {
  const parts = [shots !== null ? `${shots}-shot` : '', sweep.repeats > 1 ? `r${repeat}` : ''].filter(Boolean);
  return parts.length > 0 ? ` [${parts.join(', ')}]` : '';
}

