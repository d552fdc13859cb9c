// Run a prepared sweep: lock its folder, write plan and manifest, bring servers up, run every phase, clean up.
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { interruptedError } from '../cell/phase.js';
import { runPlan, type PlanRunDeps, type PlanRunOutcome } from '../cell/run-plan.js';
import type { CommandContext } from '../util/command-context.js';
import { redact } from '../models/server-words.js';
import { ItemReader } from '../datasets/scan.js';
import type { ModelKey } from '../vocabulary.js';
import type { ResolvedModel } from '../config/resolved.js';
import { modelsWithWork, type PhaseStatus } from '../plan/status.js';
import type { ProgressReporter } from '../progress/types.js';
import { cacheShards, removeLeftovers } from '../results/leftovers.js';
import type { Manifest, SessionEntry } from '../results/manifest.js';
import { RunFolder } from '../results/run-folder.js';
import { startServers, type StartedServers } from '../servers/start.js';
import { GktError, StoppedError } from '../util/errors.js';
import { missingGuidance, poolModels, type Pool } from '../cluster/pools.js';
import { jobAlive, lockJob } from '../cluster/job-alive.js';
import { packageVersion } from '../util/package-info.js';
import { fsProblem } from '../results/fs-problem.js';
import { checkServerContinuation } from './chat-servers.js';
import { preflight, type PreflightWork } from './preflight.js';
import { refuseOtherSweep } from './same-sweep.js';
import { newManifest } from './manifest.js';
import { closeSession, openSession, type Session } from './session.js';
import { modelApis } from './model-apis.js';
import type { PreparedSweep } from './prepare.js';

export interface ExecuteOptions {
  retryErrors: boolean;
  quiet: boolean;
  argv: string[];
  /** Only this GPU pool's phases (teacher passes and teachers alone, or the students'); every phase by default. */
  pool?: Pool;
  /**
   * Runs last, still holding the folder's lock, whether the run completed, stopped or failed (e.g. to
   * write the summary). Not run when the lock could not be taken: then nothing in the folder is touched.
   * `ran`: whether the phases began, so a run that failed while starting up says only why.
   */
  finish?: (ran: boolean) => Promise<void>;
  /** Add this run's cells to a folder that holds another config's sweep (else refused). */
  joinRun?: boolean;
}

/** A cache temp file this old belongs to no living writer (they live for milliseconds). */
const STALE_CACHE_TEMP_MS = 60_000;

export interface ExecuteResult {
  outcome: PlanRunOutcome | null;
  session: SessionEntry;
}

export async function executeSweep(prepared: PreparedSweep, options: ExecuteOptions, context: CommandContext): Promise<ExecuteResult> {
  const folder = new RunFolder(prepared.layout.dir);
  // On a cluster, a task resubmitted to another node judges the lock its killed predecessor left by asking the scheduler.
  const job = lockJob(prepared.scheduler);
  const lock = await folder.lock({ ...(job !== undefined ? { job } : {}), jobAlive: (held) => jobAlive(held, context.env) });
  try {
    return await executeLocked(prepared, folder, options, context);
  } finally {
    await lock.release();
  }
}

/** The work this session does: the phases left, the models whose requests it makes, and their servers. */
type Work = PreflightWork;

async function executeLocked(prepared: PreparedSweep, folder: RunFolder, options: ExecuteOptions, context: CommandContext): Promise<ExecuteResult> {
  const session = openSession(prepared, options, context);
  let failure: unknown = null;
  let ran = false;
  try {
    const previous = await openFolder(prepared, folder, options);
    session.manifest = await writeRunHead(prepared, folder, session.entry, previous);
    const work = await workLeft(prepared, folder, options);
    session.servers = await bringUpServers(prepared, work.models, session.progress, context);
    await recordServers(folder, session.manifest, work.models, session.servers);
    await preflight(prepared, work, session.servers, options, session.progress, context.signal);
    const apis = modelApis(prepared.sweep, work.models, session.servers, session.responded, session.manifest, context.signal);
    session.requestSignal = requestsStopAfterGrace(prepared, session.progress, context.signal);
    ran = true;
    const outcome = await runPlan(planRunDeps(prepared, folder, options, work, apis, session, context.signal));
    session.entry.status = 'completed';
    session.entry.requests = outcome.requests;
    session.entry.failures = outcome.failures;
    return { outcome, session: session.entry };
  } catch (error) {
    failure = error;
    session.entry.status = error instanceof StoppedError ? (error.exitCode >= 128 ? 'interrupted' : 'stopped') : 'failed';
    session.entry.message = redact(fsProblem(error)?.message ?? (error as Error).message, session.secrets);
    throw error;
  } finally {
    await closeSession(session, folder);
    // Only a folder whose manifest this session wrote is a run to speak of.
    if (session.manifest) await finishRun(options, ran, failure, context);
  }
}

/**
 * The folder made ready under the lock: a run killed inside an atomic write leaves its temp file (nothing
 * else is writing now), space is held for the session's last words, and a folder of another sweep is
 * refused. Gives the manifest an earlier session wrote, if any.
 */
async function openFolder(prepared: PreparedSweep, folder: RunFolder, options: ExecuteOptions): Promise<Manifest | null> {
  await folder.prepare();
  await folder.reserveSpace();
  const previous = await folder.readManifest();
  refuseOtherSweep(prepared.layout.dir, previous, prepared, options.joinRun ?? false);
  await prepared.keepDatasetIndexes();
  const { cacheDir } = prepared.sweep;
  if (cacheDir !== null) await removeLeftovers(await cacheShards(cacheDir), { olderThanMs: STALE_CACHE_TEMP_MS });
  return previous;
}

/** The prompts, the plan and the manifest, written before any request: what the run is, whatever happens next. */
async function writeRunHead(prepared: PreparedSweep, folder: RunFolder, session: SessionEntry, previous: Manifest | null): Promise<Manifest> {
  const promptFiles: Manifest['prompts'] = {};
  for (const template of prepared.templates.values()) {
    const file = await folder.writePrompt(template.sha256, template.exemplars);
    promptFiles[template.sha256] = {
      dataset: template.dataset,
      format: template.format,
      shots: template.shots,
      variant: prepared.sweep.prompt.variant,
      file,
      source: template.path,
    };
  }
  await folder.writePlan(prepared.plan);
  const manifest = newManifest(prepared, previous, session, promptFiles);
  await folder.writeManifest(manifest);
  return manifest;
}

/** Only the servers of phases with work left are started or checked: a finished sweep reruns without any. */
async function workLeft(prepared: PreparedSweep, folder: RunFolder, options: ExecuteOptions): Promise<Work> {
  const { plan, sweep, layout } = prepared;
  const status = await folder.status(plan, { save: true });
  const runs = options.pool === undefined ? undefined : poolModels(plan, options.pool);
  if (runs !== undefined) refuseMissingGuidance(prepared, status.phases, runs, options.pool!, layout.dir);
  const used = [...modelsWithWork(plan, status.phases, options.retryErrors)].filter((key) => runs === undefined || runs.has(key));
  // A speculative server's draft, served alone, answers the vocabulary check.
  for (const key of [...used]) {
    const draft = sweep.models[key]?.speculative?.draftServer;
    if (draft != null && !used.includes(draft)) used.push(draft);
  }
  return { status, runs, models: used.map((key) => sweep.models[key]!) };
}

function refuseMissingGuidance(prepared: PreparedSweep, phases: ReadonlyMap<string, PhaseStatus>, runs: ReadonlySet<ModelKey>, pool: Pool, dir: string): void {
  const missing = missingGuidance(prepared.plan, phases, runs);
  if (missing.length === 0) return;
  throw new GktError(`--pool ${pool}: ${dir}: ${missing.join('; ')}`, {
    hint: 'the teacher pool of this shard has not finished: run it first (the same command with --pool teacher), then this one',
  });
}

async function bringUpServers(
  prepared: PreparedSweep,
  models: ResolvedModel[],
  progress: ProgressReporter,
  { env, signal }: Pick<CommandContext, 'env' | 'signal'>,
): Promise<StartedServers> {
  // Interrupted before any server is up: nothing to start only to stop again.
  if (signal.aborted) throw interruptedError(signal);
  let servers: StartedServers;
  try {
    servers = await startServers(models, prepared.sweep.datasets, prepared.layout, { env, signal, log: (l) => progress.log(l) });
  } catch (error) {
    if (signal.aborted) throw interruptedError(signal, error);
    throw error;
  }
  await checkServerContinuation(prepared.plan, models, signal);
  return servers;
}

/** Where each model was reached and what its server serves, in the manifest before the first request. */
async function recordServers(folder: RunFolder, manifest: Manifest, models: ResolvedModel[], servers: StartedServers): Promise<void> {
  for (const model of models) {
    const entry = manifest.models[model.key]!;
    entry.urls = model.endpoint.urls;
    entry.served = servers.served[model.key]?.ids ?? [];
    entry.launched = servers.served[model.key]?.launched ?? false;
    entry.contextLength = model.endpoint.contextLength;
    entry.contextSource = servers.served[model.key]?.context?.source ?? null;
    entry.slots = servers.served[model.key]?.slots ?? null;
  }
  await folder.writeManifest(manifest);
}

/**
 * The first stop (Ctrl-C or SIGTERM) starts no new request and gives those in flight the grace period;
 * then the returned signal cuts them.
 */
function requestsStopAfterGrace(prepared: PreparedSweep, progress: ProgressReporter, stopSignal: AbortSignal): AbortSignal {
  const { graceMs } = prepared.sweep.requests;
  const controller = new AbortController();
  // Every request in flight listens to it (B of them, 64 or more): that many listeners is expected.
  setMaxListeners(0, controller.signal);
  const onStop = () => {
    const grace = graceMs / 1000;
    progress.log(`stopping: no new requests; those in flight have ${Number.isInteger(grace) ? grace : grace.toFixed(1)} s to finish (Ctrl-C again to quit at once)`);
    setTimeout(() => controller.abort(), graceMs).unref();
  };
  if (stopSignal.aborted) onStop();
  else stopSignal.addEventListener('abort', onStop, { once: true });
  return controller.signal;
}

function planRunDeps(
  prepared: PreparedSweep,
  folder: RunFolder,
  options: ExecuteOptions,
  work: Work,
  apis: PlanRunDeps['models'],
  session: Session,
  stopSignal: AbortSignal,
): PlanRunDeps {
  const { plan, sweep } = prepared;
  return {
    plan,
    items: Object.fromEntries(Object.entries(prepared.datasets).map(([name, d]) => [name, d.items])),
    readItem: (dataset, ref) => {
      let reader = session.itemReaders.get(dataset);
      if (reader === undefined) {
        reader = new ItemReader(dataset, prepared.datasets[dataset]!.loaded.path);
        session.itemReaders.set(dataset, reader);
      }
      return reader.read(ref);
    },
    template: (_dataset, sha) => prepared.templates.get(sha)!,
    models: apis,
    formatting: (key) => {
      const model = sweep.models[key]!;
      return { kind: model.endpoint.kind, chat: model.chat, template: prepared.chatTemplates.get(key) ?? null };
    },
    folder,
    retryErrors: options.retryErrors,
    status: work.status,
    version: packageVersion(),
    ...(work.runs !== undefined ? { runs: work.runs } : {}),
    context: {
      session: session.entry.id,
      now: () => performance.now(),
      wall: () => new Date(),
      stopSignal,
      requestSignal: session.requestSignal!,
      policy: sweep.requests,
      progress: session.progress,
      secrets: session.secrets,
    },
  };
}

/** The caller's finishing step. The run's own failure is the one to report; the finishing step's is said beside it. */
async function finishRun(options: ExecuteOptions, ran: boolean, failure: unknown, context: CommandContext): Promise<void> {
  try {
    await options.finish?.(ran);
  } catch (error) {
    if (failure === null) throw error;
    context.stderr.write(`gkt: after the run stopped, finishing failed too: ${(error as Error).message}\n`);
  }
}
