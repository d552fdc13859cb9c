// `gkt run`: prepare the sweep (config file or flags), run it, and print what the records say.
import { performance } from 'node:perf_hooks';
import { configFromFlags, type CellFlags } from '../config/from-flags.js';
import { useColor } from '../progress/create.js';
import { RunFolder } from '../results/run-folder.js';
import { executeSweep } from '../sweep/execute.js';
import { prepareOptions, prepareSweep, type SweepFlags } from '../sweep/prepare.js';
import { failureVerdict, FAILED_ITEMS_EXIT, type FailureVerdict } from '../sweep/failures.js';
import { runSummary } from '../sweep/summary.js';
import { FailedItemsError } from '../util/errors.js';
import type { Pool } from '../cluster/pools.js';
import type { CommandContext } from '../util/command-context.js';

export interface RunOptions extends CellFlags, SweepFlags {
  retryErrors?: boolean;
  joinRun?: boolean;
  quiet?: boolean;
  pool?: Pool;
}

export async function runCommand(configPath: string | undefined, options: RunOptions, context: CommandContext): Promise<void> {
  const started = performance.now();
  const source = configPath !== undefined ? { configPath } : { config: configFromFlags(options), baseDir: context.cwd };
  const prepared = await prepareSweep(source, prepareOptions(options, context.env), context);
  const { layout, plan } = prepared;
  context.stderr.write(
    `gkt: run "${prepared.sweep.name}" → ${layout.dir}\n` +
      `gkt: ${plan.passes.length} teacher pass${plan.passes.length === 1 ? '' : 'es'}, ${plan.cells.length} cells, ${Object.entries(plan.items).map(([d, ids]) => `${ids?.length} ${d} items`).join(', ')}\n`,
  );
  let failures = null as FailureVerdict | null;
  // Whatever happened, say what the records now hold; written before the lock goes, so no other run races it.
  const finish = async (ran: boolean) => {
    // A run that failed while starting up sent nothing this session: its error is what there is to say.
    if (!ran) return;
    const folder = new RunFolder(layout.dir);
    const summary = await runSummary(folder, plan, { color: useColor(context.stdout, context.env), width: context.stdout.columns ?? 250 });
    // Every planned item, failed or not: the exit code says whether the failed ones are more than allowed.
    failures = failureVerdict((await folder.status(plan, { save: false })).phases, prepared.sweep.requests.allowFailures);
    context.stdout.write(`${summary ? `${summary.text}\n` : ''}${failures.line}\n`);
    await folder.writeSummary(`${summary ? `${summary.plain}\n` : ''}${failures.line}\n`);
  };
  const result = await executeSweep(
    prepared,
    { retryErrors: options.retryErrors ?? false, joinRun: options.joinRun ?? false, quiet: options.quiet ?? false, argv: context.argv ?? [], finish, ...(options.pool ? { pool: options.pool } : {}) },
    context,
  );
  const requests = result.outcome?.requests ?? null;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  context.stderr.write(`gkt: done in ${seconds} s, ${requests ?? 0} requests made; report: gkt report ${layout.dir}\n`);
  if (failures?.exceeds) {
    throw new FailedItemsError(`${failures.failed} of ${failures.total} items failed`, FAILED_ITEMS_EXIT, {
      hint: failures.allowed > 0 ? `more than the ${failures.allowed * 100}% allowed (requests.allowFailures, --allow-failures)` : 'a run with failed items exits 3 unless requests.allowFailures or --allow-failures allows them',
    });
  }
}
