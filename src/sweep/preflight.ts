// Before the first request: servers with too few slots are warned of, and a phase that cannot fit its model's context is refused, not paid for.
import type { ResolvedModel } from '../config/resolved.js';
import { serverCounter } from '../models/truncation.js';
import { phaseNeeds } from '../plan/context-fit.js';
import { hasWork } from '../plan/status.js';
import type { ProgressReporter } from '../progress/types.js';
import type { RecordedStatus } from '../results/status.js';
import type { StartedServers } from '../servers/start.js';
import type { ModelKey } from '../vocabulary.js';
import { contextFits, refuseOverflows } from './context-check.js';
import type { PreparedSweep } from './prepare.js';
import { slotWarnings } from './slot-check.js';

export interface PreflightWork {
  status: RecordedStatus;
  /** One GPU pool's models; undefined for every model. */
  runs: ReadonlySet<ModelKey> | undefined;
  models: ResolvedModel[];
}

export async function preflight(
  prepared: PreparedSweep,
  work: PreflightWork,
  servers: StartedServers,
  options: { retryErrors: boolean },
  progress: ProgressReporter,
  signal: AbortSignal,
): Promise<void> {
  const { plan } = prepared;
  const { status, runs, models } = work;
  const todo = (id: string) => hasWork(status.phases.get(id), options.retryErrors);
  const selected = (id: string, model: string) => todo(id) && (runs === undefined || runs.has(model));
  const served = servers.served;
  const contexts = new Map(models.map((m) => {
    const url = m.endpoint.urls[0];
    return [m.key, { context: served[m.key]?.context ?? null, counter: url === undefined ? null : serverCounter(m.endpoint, url) }];
  }));
  const slots = new Map(models.map((m) => [m.key, served[m.key]?.slots ?? null]));
  for (const line of slotWarnings(plan, slots, todo)) progress.log(line);
  // A model whose context is unknown has nothing to be checked against: its prompts are not counted for it.
  const checkable = phaseNeeds(plan, selected).filter((need) => contexts.get(need.family.model)?.context != null);
  refuseOverflows(await contextFits(prepared, checkable, contexts, signal), (line) => progress.log(line));
}
