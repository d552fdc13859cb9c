// What a method cell's phase needs beyond a single model's: its writers, the records a router reads, the speculative checks.
import type { ResolvedModel } from '../../config/resolved.js';
import type { Item } from '../../datasets/types.js';
import { SERVER_KIND_INFO } from '../../models/server-kinds.js';
import type { ModelApi } from '../../models/types.js';
import type { Cell } from '../../plan/types.js';
import type { ItemRecord } from '../../results/records.js';
import { buildPrompt, type PromptTemplate } from '../../prompts/index.js';
import type { AcceptanceRecord, VocabularyRecord } from '../../results/method-records.js';
import type { RunFolder } from '../../results/run-folder.js';
import type { ModelFormatting } from '../formatting.js';
import type { Job, PhaseContext } from '../phase.js';
import { cascadeJob } from './cascade-job.js';
import { handoffJob } from './handoff-job.js';
import { aloneSide, routeJob, samplesSide } from './route-job.js';
import { acceptanceRecord, checkVocabulary, readAcceptance, VOCABULARY_PROBES } from './speculative.js';
import { methodQuestion, type Writer } from './writer.js';

export interface MethodPhaseDeps {
  cell: Cell;
  template: PromptTemplate;
  models: Record<string, { api: ModelApi; model: ResolvedModel }>;
  formatting: (model: string) => ModelFormatting;
  context: PhaseContext;
  /** The run's folder, holding the records of the cells a router reads. */
  folder: Pick<RunFolder, 'readCell'>;
}

/** How a method cell (or a speculative model alone) runs its items. */
export interface MethodPhase {
  /** Whether an item (by id) can be answered yet: a router waits for the records it reads. */
  ready: (item: string) => boolean;
  /** Null: the single-model job answers it. */
  job: ((item: Item) => Promise<Job<ItemRecord>>) | null;
  /** Lines for the cell's file around the phase: the vocabulary check before (given the first item to do), the acceptance counters after. */
  before: (first: Item) => Promise<VocabularyRecord[]>;
  after: () => Promise<AcceptanceRecord[]>;
  /** Lets go of the records it read. */
  close: () => Promise<void>;
}

const none = () => Promise.resolve([]);
const nothing = () => Promise.resolve();

function writer(deps: MethodPhaseDeps, role: 'teacher' | 'student', key: string, sampling: Writer['sampling']): Writer {
  const entry = deps.models[key];
  if (!entry) throw new Error(`run: no model "${key}" was started`);
  return {
    role,
    api: entry.api,
    formatting: deps.formatting(key),
    sampling,
    stream: entry.model.stream,
    boundaries: SERVER_KIND_INFO[entry.model.endpoint.kind].tokenBoundaries !== 'none',
  };
}

/** Null for GKT cells and for single models that are not speculative servers: those run as they always have. */
export async function methodPhase(deps: MethodPhaseDeps): Promise<MethodPhase | null> {
  const { cell, template, context } = deps;
  const method = cell.method;
  if (method === undefined) return cell.student.model.speculative === undefined ? null : speculativePhase(deps);
  if (method.kind === 'route') {
    const student = await deps.folder.readCell(method.sources.samples ?? method.sources.student);
    const teacher = await deps.folder.readCell(method.sources.teacher);
    const signal = method.router.name === 'threshold' && method.router.signal !== 'agreement' ? method.router.signal : null;
    return {
      ready: (item) => student.has(item) && teacher.has(item),
      job: async (item) => {
        const s = (await student.read(item.id))!;
        const t = (await teacher.read(item.id))!;
        return routeJob(item, methodQuestion(item, template), {
          cell,
          template,
          student: method.sources.samples === null ? aloneSide(s, signal) : samplesSide(s),
          teacher: aloneSide(t, null),
        });
      },
      before: none,
      after: none,
      close: async () => {
        await Promise.all([student.close(), teacher.close()]);
      },
    };
  }
  // Both servers are up only when the cell has items to answer: the writers are found then.
  let found: { teacher: Writer; student: Writer } | null = null;
  const writers = () =>
    (found ??= {
      teacher: writer(deps, 'teacher', method.teacher.model.name, method.teacher.sampling),
      student: writer(deps, 'student', cell.student.model.name, cell.student.sampling),
    });
  const job = method.kind === 'handoff'
    ? (item: Item) => Promise.resolve(handoffJob(item, { cell, template, writers: writers(), context }))
    : (item: Item) => Promise.resolve(cascadeJob(item, { cell, template, writers: writers(), context }));
  return { ready: () => true, job, before: none, after: none, close: nothing };
}

/** A teacher served with a draft: answered as a single model is, with its vocabulary checked and its counters read around the phase. */
function speculativePhase(deps: MethodPhaseDeps): MethodPhase | null {
  const entry = deps.models[deps.cell.student.model.name];
  if (entry === undefined) return null;
  const draftKey = entry.model.speculative?.draftServer ?? null;
  const draft = draftKey === null ? null : { key: draftKey, model: deps.models[draftKey]?.model ?? null };
  const { context } = deps;
  let before: Awaited<ReturnType<typeof readAcceptance>> = null;
  return {
    ready: () => true,
    job: null,
    before: async (first) => {
      // The run's own prompt, as the server will see it, then texts that tell vocabularies apart.
      const prompt = [buildPrompt(deps.template, methodQuestion(first, deps.template), {})];
      const at = { session: context.session, wall: context.wall, signal: context.requestSignal };
      const check = await checkVocabulary(entry.model, draft, [...prompt, ...VOCABULARY_PROBES], at);
      // Said at once: a draft of another vocabulary is wasted (or refused by the server), whatever the table shows later.
      if (check.result !== 'same') context.progress.log(`${deps.cell.label}: vocabulary ${check.result === 'different' ? 'differs from its draft\'s' : 'not checked'}: ${check.detail}`);
      before = await readAcceptance(entry.model, context.requestSignal);
      return [check];
    },
    after: async () => {
      if (before === null) return [];
      const line = acceptanceRecord(before, await readAcceptance(entry.model, context.requestSignal), entry.model, { session: context.session, wall: context.wall() });
      return line === null ? [] : [line];
    },
    close: nothing,
  };
}
