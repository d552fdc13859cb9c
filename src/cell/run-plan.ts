// Run a plan: each teacher pass, then the cells it serves, then the single-model cells; each resumes its file.
import type { ResolvedModel } from '../config/resolved.js';
import { ItemRefs, type ItemRef } from '../datasets/scan.js';
import type { DatasetName, Item } from '../datasets/types.js';
import type { ModelApi } from '../models/types.js';
import { hasWork } from '../plan/status.js';
import type { Cell, Plan, TeacherPass } from '../plan/types.js';
import type { PromptTemplate } from '../prompts/index.js';
import type { Repairs } from '../results/record-file.js';
import type { RecordReader } from '../results/record-reader.js';
import type { RunFolder } from '../results/run-folder.js';
import type { RecordedStatus } from '../results/status.js';
import { answerJob } from './answer-job.js';
import type { ModelFormatting } from './formatting.js';
import { interruptedError, runPhase, type PhaseContext } from './phase.js';
import { teacherJob } from './teacher-pass.js';
import { methodPhase } from './methods/method-phase.js';
import { cellModels } from '../plan/methods.js';

export interface PlanRunDeps {
  plan: Plan;
  /** The items of each dataset, by reference: an item's texts are read when its request is made. */
  items: Partial<Record<DatasetName, ItemRefs>>;
  readItem: (dataset: DatasetName, ref: ItemRef) => Promise<Item>;
  template: (dataset: DatasetName, promptSha256: string) => PromptTemplate;
  models: Record<string, { api: ModelApi; model: ResolvedModel }>;
  /** How each model is spoken to, by model key: raw text, or its chat formatting. */
  formatting: (model: string) => ModelFormatting;
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
  runs?: ReadonlySet<string>;
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

export async function runPlan(deps: PlanRunDeps): Promise<PlanRunOutcome> {
  const outcome: PlanRunOutcome = { requests: 0, failures: 0, repaired: [] };
  const count = deps.plan.passes.length + deps.plan.cells.length;
  let index = 0;
  const checkStop = () => {
    if (deps.context.stopSignal.aborted) throw interruptedError(deps.context.stopSignal);
  };
  const runsHere = (model: string) => deps.runs === undefined || deps.runs.has(model);
  // A router makes no request: it runs where its student does. A hand-off or a cascade needs both servers at once.
  const runnable = (cell: Cell): boolean => {
    const models = cell.method?.kind === 'route' ? [cell.student.model.name] : cellModels(cell);
    const here = models.every(runsHere);
    if (!here && models.some(runsHere)) deps.context.progress.log(`${cell.label}: skipped in this pool: it needs the servers of ${models.join(' and ')} at once (run it without --pool)`);
    return here;
  };

  const { status } = deps;
  const work = (id: string) => status === undefined || status.mend.has(id) || hasWork(status.phases.get(id), deps.retryErrors);

  for (const step of phaseOrder(deps.plan)) {
    checkStop();
    if ('single' in step) {
      index += 1;
      if (runnable(step.single) && work(step.single.id)) await runCell(step.single, null, null, index);
      continue;
    }
    const cells = step.cells.filter((cell) => runsHere(cell.student.model.name) && work(cell.id));
    // A finished pass whose cells here are finished too is neither read nor written; so is another pool's pass.
    if (!(runsHere(step.pass.model.name) && work(step.pass.id)) && cells.length === 0) {
      index += 1 + step.cells.length;
      continue;
    }
    const passRecords = await runPass(step.pass, ++index);
    try {
      for (const cell of step.cells) {
        checkStop();
        index += 1;
        if (cells.includes(cell)) await runCell(cell, step.pass, passRecords, index);
      }
    } finally {
      await passRecords.close();
    }
  }
  return outcome;

  async function runPass(pass: TeacherPass, position: number): Promise<RecordReader<'pass'>> {
    const refs = deps.items[pass.dataset.name] ?? NO_ITEMS;
    const file = await deps.folder.openPass(pass, { gkt: deps.version, retryErrors: deps.retryErrors });
    note(file.path, file.repaired);
    try {
      const todo = positionsWhere(refs, (id) => !file.entries.has(id));
      // Another pool's pass is read for its guidance, never requested here.
      if (todo.length > 0 && runsHere(pass.model.name)) {
        const { model, api } = modelFor(pass.model.name);
        const template = deps.template(pass.dataset.name, pass.prompt.sha256);
        const formatting = deps.formatting(pass.model.name);
        const result = await runPhase(
          {
            label: `teacher ${model.label} ${pass.dataset.name} ${pass.projection} ${pass.serves.join('/')} tok`,
            role: 'teacher',
            writer: file,
            batching: pass.batching,
            items: todo,
            job: async (at, batch) =>
              teacherJob(await deps.readItem(pass.dataset.name, refs.ref(at)), { pass, template, api, stream: model.stream, context: deps.context, formatting })(batch),
            total: refs.length,
            done: refs.length - todo.length,
            index: position,
            count,
            redo: file.repaired.errorsDropped,
          },
          deps.context,
        );
        outcome.requests += result.requests;
        outcome.failures += result.failures;
      }
    } finally {
      await file.close();
    }
    return file.reader();
  }

  async function runCell(cell: Cell, pass: TeacherPass | null, passRecords: RecordReader<'pass'> | null, position: number): Promise<void> {
    const refs = deps.items[cell.dataset.name] ?? NO_ITEMS;
    const file = await deps.folder.openCell(cell, {
      gkt: deps.version,
      retryErrors: deps.retryErrors,
      // Failed only because its teacher had failed, and the teacher has answered since (a retry whose
      // run stopped before reaching this cell): the failure no longer holds.
      redo: (item, error) => error === 'teacher' && passRecords?.entries.get(item)?.error === null,
    });
    note(file.path, file.repaired);
    const template = deps.template(cell.dataset.name, cell.prompt.sha256);
    const method = await methodPhase({ cell, template, models: deps.models, formatting: deps.formatting, context: deps.context, folder: deps.folder });
    try {
      // An item whose teacher request has not been made yet cannot be answered; it waits for the pass (a router, for its records).
      const todo = positionsWhere(refs, (id) => !file.entries.has(id) && (passRecords === null || passRecords.has(id)) && (method?.ready(id) ?? true));
      if (todo.length === 0) return;
      const single = method?.job ?? null;
      const alone = single === null ? modelFor(cell.student.model.name) : null;
      const formatting = deps.formatting(cell.student.model.name);
      const teacherFormatting = cell.teacher === null ? null : deps.formatting(cell.teacher.model.name);
      if (method !== null) {
        const first = await deps.readItem(cell.dataset.name, refs.ref(todo[0]!));
        for (const line of await method.before(first)) await file.append(line);
      }
      const result = await runPhase(
        {
          label: `${cell.label} ${cell.dataset.name}`,
          role: 'student',
          writer: file,
          batching: cell.student.batching,
          items: todo,
          job: async (at, batch) => {
            const item = await deps.readItem(cell.dataset.name, refs.ref(at));
            if (single !== null) return (await single(item))(batch);
            const teacher = (await passRecords?.read(item.id)) ?? null;
            return answerJob(item, teacher, { cell, template, api: alone!.api, stream: alone!.model.stream, pass, context: deps.context, formatting, teacherFormatting })(batch);
          },
          total: refs.length,
          done: refs.length - todo.length,
          index: position,
          count,
          redo: file.repaired.errorsDropped,
        },
        deps.context,
      );
      outcome.requests += result.requests;
      outcome.failures += result.failures;
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

  function modelFor(key: string): { api: ModelApi; model: ResolvedModel } {
    const entry = deps.models[key];
    if (!entry) throw new Error(`run: no model "${key}" was started`);
    return entry;
  }

  function note(file: string, repaired: Repairs): void {
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
}
