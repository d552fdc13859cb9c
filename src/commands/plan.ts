// `gkt plan`: the cells a config expands to, what they will ask of the servers, and what is already done.
import { ItemReader } from '../datasets/scan.js';
import type { Batching, DatasetName } from '../vocabulary.js';
import { describeFit, fitCell, phaseNeeds, type ContextFit } from '../plan/context-fit.js';
import { estimatePlan, type PhaseEstimate } from '../plan/estimate.js';
import type { PhaseStatus } from '../plan/status.js';
import { buildPrompt, renderQuestion } from '../prompts/index.js';
import { RunFolder } from '../results/run-folder.js';
import { contextFits } from '../sweep/context-check.js';
import { planContexts } from '../sweep/plan-contexts.js';
import { prepareOptions, prepareSweep, type PreparedSweep, type SweepFlags } from '../sweep/prepare.js';
import { textTable } from '../util/text-table.js';
import type { CommandContext } from '../util/command-context.js';

export interface PlanOptions extends SweepFlags {
  json?: boolean;
}

const batchingText = (b: Batching) => (b.kind === 'serial' ? 'one at a time' : `${b.kind} ${b.size}`);
const thousands = (n: number) => n.toLocaleString('en-US');

/** `1,319`; a method's `≤2,638 (T 1,319 S 1,319)`; a router's `0`. */
function requestsText(e: PhaseEstimate): string {
  if (e.bound !== 'at-most' || e.roles === undefined) return thousands(e.requests);
  return `≤${thousands(e.requests)} (T ${thousands(e.roles.teacher)}, S ${thousands(e.roles.student)})`;
}

/** What `gkt plan` shows: the plan, each phase's estimate and context fit, and what the run folder already holds. */
interface PlanView {
  prepared: PreparedSweep;
  estimates: Map<string, PhaseEstimate>;
  status: Map<string, PhaseStatus>;
  /** Each phase's longest prompt against its model's context, by phase id. */
  fits: Map<string, ContextFit>;
  /** What could not be learnt of a model's context, one line each. */
  notes: string[];
}

export async function planCommand(configPath: string, options: PlanOptions, context: CommandContext): Promise<void> {
  const prepared = await prepareSweep({ configPath }, prepareOptions(options, context.env), context);
  const view = await viewPlan(prepared, context.signal);
  context.stdout.write(options.json ? planJson(view) : planText(view));
}

async function viewPlan(prepared: PreparedSweep, signal: AbortSignal): Promise<PlanView> {
  const { plan, layout } = prepared;
  const meanChars = await meanPromptChars(prepared);
  const estimates = estimatePlan(plan, (dataset, sha) => meanChars.get(`${dataset}:${sha}`) ?? 0);
  // Read without the lock (a run may be writing): nothing in the folder is written.
  const status = (await new RunFolder(layout.dir).status(plan, { save: false })).phases;
  // Each phase's longest prompt against its model's context, as `gkt run` checks it before the first request.
  const { contexts, notes } = await planContexts(Object.values(prepared.sweep.models), signal);
  const fits = new Map((await contextFits(prepared, phaseNeeds(plan, () => true), contexts, signal)).map((f) => [f.need.id, f]));
  return { prepared, estimates, status, fits, notes };
}

function planJson({ prepared, estimates, status, fits }: PlanView): string {
  const { plan, layout } = prepared;
  const context = Object.fromEntries([...fits].map(([id, f]) => [id, { tokens: f.total, counted: f.prompt.counted, context: f.context, verdict: f.verdict }]));
  return `${JSON.stringify({ run: layout.dir, plan, estimates: Object.fromEntries(estimates), status: Object.fromEntries(status), context }, null, 2)}\n`;
}

/** One row per phase, in run order: each teacher pass, then each cell. */
function phaseRows({ prepared, estimates, status, fits }: PlanView): string[][] {
  const rows: string[][] = [];
  const add = (id: string, phase: string, label: string, dataset: string, batching: Batching | null) => {
    const e = estimates.get(id)!;
    const s = status.get(id)!;
    rows.push([
      String(rows.length + 1), id, phase, label, dataset, batching === null ? 'reads records' : batchingText(batching),
      requestsText(e), `${e.bound === 'at-most' ? '≤' : '~'}${thousands(e.promptTokens)}`, thousands(e.maxOutputTokens), fitCell(fits.get(id)),
      `${s.done}/${s.total}${s.failed ? ` (${s.failed} failed)` : ''}`,
    ]);
  };
  for (const pass of prepared.plan.passes) {
    const label = `${prepared.sweep.models[pass.model.name]?.label ?? pass.model.name} ${pass.projection} → ${pass.serves.join('/')} tok${pass.boundaries === 'tokens' ? ' (one pass, cut)' : ''}`;
    add(pass.id, 'teacher', label, pass.dataset.name, pass.batching);
  }
  for (const cell of prepared.plan.cells) {
    const phase = cell.kind === 'gkt' ? 'student' : cell.kind;
    add(cell.id, phase, cell.label, cell.dataset.name, cell.method?.kind === 'route' ? null : cell.student.batching);
  }
  return rows;
}

function planText(view: PlanView): string {
  const { prepared, estimates, status, fits, notes } = view;
  const { plan, layout } = prepared;
  const totals = [...estimates.values()].reduce((t, e) => ({ r: t.r + e.requests, p: t.p + e.promptTokens, o: t.o + e.maxOutputTokens }), { r: 0, p: 0, o: 0 });
  const done = [...status.values()].reduce((t, s) => t + s.done, 0);
  const items = [...status.values()].reduce((t, s) => t + s.total, 0);
  const bounded = [...estimates.values()].some((e) => e.bound === 'at-most');
  const datasets = Object.entries(prepared.datasets)
    .map(([name, d]) => `${name} ${d.items.length} of ${d.all} items (${d.loaded.path})`)
    .join('; ');
  return [
    `run "${prepared.sweep.name}" → ${layout.dir}`,
    `datasets: ${datasets}`,
    `mode: ${prepared.sweep.mode}; prompt: ${prepared.sweep.prompt.format}; seed ${prepared.sweep.seed}; repeats ${prepared.sweep.repeats}`,
    '',
    textTable(['#', 'id', 'phase', 'what', 'dataset', 'requests go', 'requests', 'prompt tok', 'max out tok', 'tokens/context', 'done'], phaseRows(view), {
      right: [true, false, false, false, false, false, true, true, true, true, true],
    }),
    '',
    ...notes,
    ...[...fits.values()].filter((f) => f.verdict === 'overflows' || f.verdict === 'may-overflow').map((f) => `${f.verdict === 'overflows' ? 'does not fit' : 'may not fit'}: ${describeFit(f)}`),
    '',
    `${plan.passes.length} teacher passes, ${plan.cells.length} cells: ${bounded ? 'at most ' : ''}${thousands(totals.r)} requests, ~${thousands(totals.p)} prompt tokens, at most ${thousands(totals.o)} output tokens; ${thousands(done)} of ${thousands(items)} already recorded`,
    '',
  ].join('\n');
}

/** Mean prompt length in characters per dataset and exemplar text, over the selected items, read one at a time. */
async function meanPromptChars(prepared: PreparedSweep): Promise<Map<string, number>> {
  const means = new Map<string, number>();
  for (const [dataset, data] of Object.entries(prepared.datasets) as Array<[DatasetName, NonNullable<PreparedSweep['datasets'][DatasetName]>]>) {
    const templates = [...prepared.templates.values()].filter((t) => t.dataset === dataset);
    const totals = templates.map(() => 0);
    const reader = new ItemReader(dataset, data.loaded.path);
    try {
      for (const ref of data.items) {
        const item = await reader.read(ref);
        templates.forEach((template, i) => (totals[i]! += buildPrompt(template, renderQuestion(item, template.format), {}).length));
      }
    } finally {
      await reader.close();
    }
    templates.forEach((template, i) => means.set(`${dataset}:${template.sha256}`, data.items.length > 0 ? totals[i]! / data.items.length : 0));
  }
  return means;
}
