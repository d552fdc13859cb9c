// Run a plan: each teacher pass, then the cells it serves, then the single-model cells; each resumes its file.
import type { ResolvedModel } from '../config/resolved.js';
import type { DatasetName, Item } from '../datasets/types.js';
import type { ModelApi } from '../models/types.js';
import type { Cell, Plan, TeacherPass } from '../plan/types.js';
import type { PromptTemplate } from '../prompts/index.js';
import type { RunLayout } from '../results/layout.js';
import type { CellHeader, ItemRecord, PassHeader, TeacherRecord } from '../results/records.js';
import { openRecordFile } from '../results/record-file.js';
import { answerJob } from './answer-job.js';
import type { ModelFormatting } from './formatting.js';
import { interruptedError, runPhase, type PhaseContext } from './phase.js';
import { teacherJob } from './teacher-pass.js';
import { methodPhase } from './methods/method-phase.js';
import { cellModels } from '../plan/methods.js';

export interface PlanRunDeps {
  plan: Plan;
  items: Partial<Record<DatasetName, Item[]>>;
  template: (dataset: DatasetName, promptSha256: string) => PromptTemplate;
  models: Record<string, { api: ModelApi; model: ResolvedModel }>;
  /** How each model is spoken to, by model key: raw text, or its chat formatting. */
  formatting: (model: string) => ModelFormatting;
  layout: RunLayout;
  retryErrors: boolean;
  version: string;
  context: PhaseContext;
  /**
   * The models whose requests this run makes (one GPU pool's); by default every model. A pass of
   * another model is only read, for the guidance its cells here need.
   */
  runs?: ReadonlySet<string>;
}

export interface PlanRunOutcome {
  requests: number;
  failures: number;
  repaired: Array<{ file: string; tornTail: boolean; duplicates: number; errorsDropped: number }>;
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

  for (const step of phaseOrder(deps.plan)) {
    checkStop();
    if ('single' in step) {
      index += 1;
      if (runnable(step.single)) await runCell(step.single, null, null, index);
      continue;
    }
    const cells = step.cells.filter((cell) => runsHere(cell.student.model.name));
    if (!runsHere(step.pass.model.name) && cells.length === 0) {
      index += 1 + step.cells.length;
      continue;
    }
    const passRecords = await runPass(step.pass, ++index);
    for (const cell of step.cells) {
      checkStop();
      index += 1;
      if (cells.includes(cell)) await runCell(cell, step.pass, passRecords, index);
    }
  }
  return outcome;

  async function runPass(pass: TeacherPass, position: number): Promise<Map<string, TeacherRecord>> {
    const items = deps.items[pass.dataset.name] ?? [];
    const file = deps.layout.pass(pass.id);
    const header: PassHeader = { type: 'pass', pass, gkt: deps.version };
    const opened = await openRecordFile<PassHeader, TeacherRecord>({
      path: file,
      header,
      headerId: (h) => h.pass.id,
      recordType: 'teacher',
      retryErrors: deps.retryErrors,
    });
    note(file, opened.repaired);
    const todo = items.filter((item) => !opened.records.has(item.id));
    // Another pool's pass is read for its guidance, never requested here.
    if (todo.length === 0 || !runsHere(pass.model.name)) {
      await opened.writer.close();
      return opened.records;
    }
    const { model, api } = modelFor(pass.model.name);
    try {
      const result = await runPhase(
        {
          label: `teacher ${model.label} ${pass.dataset.name} ${pass.projection} ${pass.serves.join('/')} tok`,
          role: 'teacher',
          writer: opened.writer,
          batching: pass.batching,
          jobs: todo.map((item) =>
            teacherJob(item, {
              pass,
              template: deps.template(pass.dataset.name, pass.prompt.sha256),
              api,
              stream: model.stream,
              context: deps.context,
              formatting: deps.formatting(pass.model.name),
            }),
          ),
          total: items.length,
          done: items.length - todo.length,
          index: position,
          count,
          onRecord: (record) => opened.records.set((record as TeacherRecord).item, record as TeacherRecord),
        },
        deps.context,
      );
      outcome.requests += result.requests;
      outcome.failures += result.failures;
    } finally {
      await opened.writer.close();
    }
    return opened.records;
  }

  async function runCell(cell: Cell, pass: TeacherPass | null, passRecords: Map<string, TeacherRecord> | null, position: number): Promise<void> {
    const items = deps.items[cell.dataset.name] ?? [];
    const file = deps.layout.cell(cell.id);
    const header: CellHeader = { type: 'cell', cell, gkt: deps.version };
    const opened = await openRecordFile<CellHeader, ItemRecord>({
      path: file,
      header,
      headerId: (h) => h.cell.id,
      recordType: 'item',
      retryErrors: deps.retryErrors,
      // Failed only because its teacher had failed, and the teacher has answered since (a retry whose
      // run stopped before reaching this cell): the failure no longer holds.
      redo: (record) => teacherFailedThen(record.error) && passRecords?.get(record.item)?.error === null,
    });
    note(file, opened.repaired);
    const template = deps.template(cell.dataset.name, cell.prompt.sha256);
    const method = await methodPhase({ cell, template, models: deps.models, formatting: deps.formatting, context: deps.context, cellFile: (id) => deps.layout.cell(id) });
    // An item whose teacher request has not been made yet cannot be answered; it waits for the pass (a router, for its records).
    const todo = items.filter((item) => !opened.records.has(item.id) && (passRecords === null || passRecords.has(item.id)) && (method?.ready(item) ?? true));
    if (todo.length === 0) {
      opened.records.clear();
      await opened.writer.close();
      return;
    }
    const single = method?.job ?? null;
    const alone = single === null ? modelFor(cell.student.model.name) : null;
    try {
      for (const line of await (method?.before(todo) ?? Promise.resolve([]))) await opened.writer.append(line);
      const result = await runPhase(
        {
          label: `${cell.label} ${cell.dataset.name}`,
          role: 'student',
          writer: opened.writer,
          batching: cell.student.batching,
          jobs: todo.map((item) =>
            single !== null
              ? single(item)
              : answerJob(item, passRecords?.get(item.id) ?? null, {
                cell,
                template,
                api: alone!.api,
                stream: alone!.model.stream,
                pass,
                context: deps.context,
                formatting: deps.formatting(cell.student.model.name),
                teacherFormatting: cell.teacher === null ? null : deps.formatting(cell.teacher.model.name),
              }),
          ),
          total: items.length,
          done: items.length - todo.length,
          index: position,
          count,
        },
        deps.context,
      );
      outcome.requests += result.requests;
      outcome.failures += result.failures;
    } finally {
      // A speculative server's counters over the phase, however it ended: they cover the requests made.
      for (const line of await (method?.after().catch(() => []) ?? Promise.resolve([]))) await opened.writer.append(line);
      opened.records.clear();
      await opened.writer.close();
    }
  }

  function modelFor(key: string): { api: ModelApi; model: ResolvedModel } {
    const entry = deps.models[key];
    if (!entry) throw new Error(`run: no model "${key}" was started`);
    return entry;
  }

  function note(file: string, repaired: { tornTail: boolean; duplicates: number; errorsDropped: number }): void {
    if (!repaired.tornTail && repaired.duplicates === 0 && repaired.errorsDropped === 0) return;
    outcome.repaired.push({ file, ...repaired });
    const what = [
      repaired.tornTail ? 'a torn last line cut' : '',
      repaired.duplicates ? `${repaired.duplicates} duplicate records dropped` : '',
      repaired.errorsDropped ? `${repaired.errorsDropped} failed items to redo` : '',
    ];
    deps.context.progress.log(`mended ${file}: ${what.filter(Boolean).join(', ')}`);
  }
}

function teacherFailedThen(error: unknown): boolean {
  return (error as { role?: unknown } | null | undefined)?.role === 'teacher';
}
