// Run a plan: each teacher pass, then the cells it serves, then the single-model cells; each resumes its file.
import type { ResolvedModel } from '../config/resolved.js';
import { ItemRefs, type ItemRef } from '../datasets/scan.js';
import type { Item } from '../datasets/types.js';
import type { Batching, DatasetName, ModelKey, Role } from '../vocabulary.js';
import type { ModelApi } from '../models/types.js';
import { hasWork } from '../plan/status.js';
import type { Cell, Plan, TeacherPass } from '../plan/types.js';
import type { PromptTemplate } from '../prompts/index.js';
import type { Repairs } from '../results/record-file.js';
import type { RecordReader } from '../results/record-reader.js';
import type { RunFolder } from '../results/run-folder.js';
import type { ItemRecord, TeacherRecord } from '../results/records.js';
import type { RecordedStatus } from '../results/status.js';
import { answerJob } from './answer-job.js';
import type { ModelFormatting } from './formatting.js';
import { interruptedError, runPhase, type Job, type PhaseContext, type PhaseOutcome, type PhaseSpec, type PhaseWriter } from './phase.js';
import { teacherJob } from './teacher-pass.js';
import { methodPhase, type MethodPhase } from './methods/method-phase.js';
import { cellModels } from '../plan/methods.js';

export interface PlanRunDeps {
  plan: Plan;
  /** The items of each dataset, by reference: an item's texts are read when its request is made. */
  items: Partial<Record<DatasetName, ItemRefs>>;
  readItem: (dataset: DatasetName, ref: ItemRef) => Promise<Item>;
  template: (dataset: DatasetName, promptSha256: string) => PromptTemplate;
  models: Record<ModelKey, { api: ModelApi; model: ResolvedModel }>;
  /** How each model is spoken to, by model key: raw text, or its chat formatting. */
  formatting: (model: ModelKey) => ModelFormatting;
  folder: RunFolder;
  retryErrors: boolean;
  /**
   * What the folder already holds: a pass or cell with nothing left to do, and nothing to mend in its file,
   * is not opened at all.
   */
  status?: RecordedStatus;
  version: string;
  context: PhaseContext;
  /**
   * The models whose requests this run makes (one GPU pool's); by default every model. A pass of
   * another model is only read, for the guidance its cells here need.
   */
  runs?: ReadonlySet<ModelKey>;
}

const NO_ITEMS = ItemRefs.empty();

/** The positions of the items whose id passes `test`, in order. */
function positionsWhere(refs: ItemRefs, test: (id: string) => boolean): number[] {
  const found: number[] = [];
  for (let at = 0; at < refs.length; at++) if (test(refs.id(at))) found.push(at);
  return found;
}

export interface PlanRunOutcome {
  requests: number;
  failures: number;
  repaired: Array<{ file: string } & Repairs>;
}

/** The order phases run in: a pass, then its cells (so its records are at hand), then the single models. */
export function phaseOrder(plan: Plan): Array<{ pass: TeacherPass; cells: Cell[] } | { single: Cell }> {
  const order: Array<{ pass: TeacherPass; cells: Cell[] } | { single: Cell }> = plan.passes.map((pass) => ({
    pass,
    cells: plan.cells.filter((c) => c.teacher?.pass === pass.id),
  }));
  for (const cell of plan.cells) if (!cell.teacher) order.push({ single: cell });
  return order;
}

/** A plan being run: what it was given, what it has done so far, and how many phases it has in all. */
interface PlanRun {
  deps: PlanRunDeps;
  outcome: PlanRunOutcome;
  /** Passes and cells in the plan, for the progress display's "phase i of n". */
  count: number;
}

export async function runPlan(deps: PlanRunDeps): Promise<PlanRunOutcome> {
  const run: PlanRun = { deps, outcome: { requests: 0, failures: 0, repaired: [] }, count: deps.plan.passes.length + deps.plan.cells.length };
  let position = 0;
  for (const step of phaseOrder(deps.plan)) {
    checkStop(run);
    if ('single' in step) {
      position += 1;
      if (runnableHere(run, step.single) && hasWorkLeft(run, step.single.id)) await runCell(run, step.single, null, null, position);
    } else {
      await runPassAndCells(run, step.pass, step.cells, position);
      position += 1 + step.cells.length;
    }
  }
  return run.outcome;
}

function checkStop({ deps }: PlanRun): void {
  if (deps.context.stopSignal.aborted) throw interruptedError(deps.context.stopSignal);
}

/** Whether this run makes the requests of `model` (its GPU pool's), rather than only reading what another made. */
function runsHere({ deps }: PlanRun, model: ModelKey): boolean {
  return deps.runs === undefined || deps.runs.has(model);
}

/**
 * Whether a single-model or method cell makes its requests here. A router makes no request: it runs where
 * its student does. A hand-off or a cascade needs both servers at once.
 */
function runnableHere(run: PlanRun, cell: Cell): boolean {
  const models = cell.method?.kind === 'route' ? [cell.student.model.name] : cellModels(cell);
  const here = models.every((model) => runsHere(run, model));
  if (!here && models.some((model) => runsHere(run, model))) {
    run.deps.context.progress.log(`${cell.label}: skipped in this pool: it needs the servers of ${models.join(' and ')} at once (run it without --pool)`);
  }
  return here;
}

/** Whether a pass or cell has anything left to do or mend; without a status, everything is opened. */
function hasWorkLeft({ deps }: PlanRun, id: string): boolean {
  const { status } = deps;
  return status === undefined || status.mend.has(id) || hasWork(status.phases.get(id), deps.retryErrors);
}

/** A teacher pass, then the cells it serves, with its records at hand while they run. */
async function runPassAndCells(run: PlanRun, pass: TeacherPass, cells: readonly Cell[], position: number): Promise<void> {
  const here = cells.filter((cell) => runsHere(run, cell.student.model.name) && hasWorkLeft(run, cell.id));
  // A finished pass whose cells here are finished too is neither read nor written; so is another pool's pass.
  if (!(runsHere(run, pass.model.name) && hasWorkLeft(run, pass.id)) && here.length === 0) return;
  const passRecords = await runPass(run, pass, position + 1);
  try {
    for (const [at, cell] of cells.entries()) {
      checkStop(run);
      if (here.includes(cell)) await runCell(run, cell, pass, passRecords, position + 2 + at);
    }
  } finally {
    await passRecords.close();
  }
}

/** The items of a pass or cell left to do (positions in `refs`), run as one phase into its file; its outcome added up. */
async function runItems<R>(
  run: PlanRun,
  phase: { label: string; role: Role; file: PhaseWriter<R> & { repaired: Repairs }; batching: Batching; dataset: DatasetName; refs: ItemRefs; todo: readonly number[]; position: number },
  job: (item: Item) => Job<R> | Promise<Job<R>>,
): Promise<void> {
  const { deps } = run;
  const { refs, todo, file } = phase;
  const spec: PhaseSpec<number, R> = {
    label: phase.label,
    role: phase.role,
    writer: file,
    batching: phase.batching,
    items: todo,
    job: async (at, batch) => (await job(await deps.readItem(phase.dataset, refs.ref(at))))(batch),
    total: refs.length,
    done: refs.length - todo.length,
    index: phase.position,
    count: run.count,
    redo: file.repaired.errorsDropped,
  };
  addOutcome(run, await runPhase(spec, deps.context));
}

async function runPass(run: PlanRun, pass: TeacherPass, position: number): Promise<RecordReader<'pass'>> {
  const { deps } = run;
  const refs = deps.items[pass.dataset.name] ?? NO_ITEMS;
  const file = await deps.folder.openPass(pass, { gkt: deps.version, retryErrors: deps.retryErrors });
  noteRepairs(run, file.path, file.repaired);
  try {
    const todo = positionsWhere(refs, (id) => !file.entries.has(id));
    // Another pool's pass is read for its guidance, never requested here.
    if (todo.length > 0 && runsHere(run, pass.model.name)) {
      const { model, api } = modelFor(run, pass.model.name);
      const jobDeps = {
        pass,
        template: deps.template(pass.dataset.name, pass.prompt.sha256),
        api,
        stream: model.stream,
        context: deps.context,
        formatting: deps.formatting(pass.model.name),
      };
      const label = `teacher ${model.label} ${pass.dataset.name} ${pass.projection} ${pass.serves.join('/')} tok`;
      await runItems<TeacherRecord>(run, { label, role: 'teacher', file, batching: pass.batching, dataset: pass.dataset.name, refs, todo, position }, (item) =>
        teacherJob(item, jobDeps),
      );
    }
  } finally {
    await file.close();
  }
  return file.reader();
}

async function runCell(run: PlanRun, cell: Cell, pass: TeacherPass | null, passRecords: RecordReader<'pass'> | null, position: number): Promise<void> {
  const { deps } = run;
  const refs = deps.items[cell.dataset.name] ?? NO_ITEMS;
  const file = await deps.folder.openCell(cell, {
    gkt: deps.version,
    retryErrors: deps.retryErrors,
    // Failed only because its teacher had failed, and the teacher has answered since (a retry whose
    // run stopped before reaching this cell): the failure no longer holds.
    redo: (item, error) => error === 'teacher' && passRecords?.entries.get(item)?.error === null,
  });
  noteRepairs(run, file.path, file.repaired);
  const template = deps.template(cell.dataset.name, cell.prompt.sha256);
  const method = await methodPhase({ cell, template, models: deps.models, formatting: deps.formatting, context: deps.context, folder: deps.folder });
  try {
    // An item whose teacher request has not been made yet cannot be answered; it waits for the pass (a router, for its records).
    const todo = positionsWhere(refs, (id) => !file.entries.has(id) && (passRecords === null || passRecords.has(id)) && (method?.ready(id) ?? true));
    if (todo.length === 0) return;
    const job = cellJob(run, cell, template, pass, passRecords, method);
    if (method !== null) {
      const first = await deps.readItem(cell.dataset.name, refs.ref(todo[0]!));
      for (const line of await method.before(first)) await file.append(line);
    }
    const label = `${cell.label} ${cell.dataset.name}`;
    await runItems<ItemRecord>(run, { label, role: 'student', file, batching: cell.student.batching, dataset: cell.dataset.name, refs, todo, position }, job);
  } finally {
    try {
      // A speculative server's counters over the phase, however it ended: they cover the requests made.
      if (method !== null) for (const line of await method.after().catch(() => [])) await file.append(line);
    } finally {
      await method?.close();
      await file.close();
    }
  }
}

/** Each item's job in a cell: its method's, or the student's answer after the teacher's guidance (none for a single model). */
function cellJob(
  run: PlanRun,
  cell: Cell,
  template: PromptTemplate,
  pass: TeacherPass | null,
  passRecords: RecordReader<'pass'> | null,
  method: MethodPhase | null,
): (item: Item) => Promise<Job<ItemRecord>> {
  if (method?.job) return method.job;
  const { deps } = run;
  const { model, api } = modelFor(run, cell.student.model.name);
  const jobDeps = {
    cell,
    template,
    api,
    stream: model.stream,
    pass,
    context: deps.context,
    formatting: deps.formatting(cell.student.model.name),
    teacherFormatting: cell.teacher === null ? null : deps.formatting(cell.teacher.model.name),
  };
  return async (item) => answerJob(item, (await passRecords?.read(item.id)) ?? null, jobDeps);
}

function modelFor({ deps }: PlanRun, key: ModelKey): { api: ModelApi; model: ResolvedModel } {
  const entry = deps.models[key];
  if (!entry) throw new Error(`run: no model "${key}" was started`);
  return entry;
}

function addOutcome({ outcome }: PlanRun, phase: PhaseOutcome): void {
  outcome.requests += phase.requests;
  outcome.failures += phase.failures;
}

/** A record file that had to be mended on opening: said in the log, and counted in the outcome. */
function noteRepairs({ deps, outcome }: PlanRun, file: string, repaired: Repairs): void {
  if (!repaired.tornTail && repaired.duplicates === 0 && repaired.errorsDropped === 0 && !repaired.upgraded) return;
  outcome.repaired.push({ file, ...repaired });
  const what = [
    repaired.upgraded ? 'rewritten in the current run format' : '',
    repaired.tornTail ? 'a torn last line cut' : '',
    repaired.duplicates ? `${repaired.duplicates} duplicate records dropped` : '',
    repaired.errorsDropped ? `${repaired.errorsDropped} failed items to redo` : '',
  ];
  deps.context.progress.log(`mended ${file}: ${what.filter(Boolean).join(', ')}`);
}
