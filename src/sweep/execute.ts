// Run a prepared sweep: lock its folder, write plan and manifest, bring servers up, run every phase, clean up.
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { interruptedError } from '../cell/phase.js';
import { runPlan, type PlanRunOutcome } from '../cell/run-plan.js';
import type { CommandContext } from '../commands/context.js';
import { buildModelApi } from '../models/build.js';
import { closeConnections } from '../models/connection-owners.js';
import { endpointSecrets } from '../models/endpoint-auth.js';
import { redact } from '../models/server-words.js';
import type { Generation, ModelApi } from '../models/types.js';
import { ItemReader } from '../datasets/scan.js';
import type { DatasetName } from '../datasets/types.js';
import { hasWork, modelsWithWork } from '../plan/status.js';
import { phaseNeeds } from '../plan/context-fit.js';
import { serverCounter } from '../models/truncation.js';
import { createProgress } from '../progress/create.js';
import { cacheShards, removeLeftovers } from '../results/leftovers.js';
import type { Manifest, SessionEntry } from '../results/manifest.js';
import { fsProblem } from '../results/fs-problem.js';
import { RunFolder } from '../results/run-folder.js';
import { startServers, type StartedServers } from '../servers/start.js';
import { GktError, StoppedError } from '../util/errors.js';
import { missingGuidance, poolModels, type Pool } from '../cluster/pools.js';
import { jobAlive, lockJob } from '../cluster/job-alive.js';
import { packageVersion } from '../util/package-info.js';
import { checkServerContinuation } from './chat-servers.js';
import { contextFits, refuseOverflows } from './context-check.js';
import { refuseOtherSweep } from './same-sweep.js';
import { slotWarnings } from './slot-check.js';
import { newManifest, newSession } from './manifest.js';
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

async function executeLocked(prepared: PreparedSweep, folder: RunFolder, options: ExecuteOptions, context: CommandContext): Promise<ExecuteResult> {
  const { layout, plan, sweep } = prepared;
  // API keys and URL passwords in use: kept out of records and of the manifest, whatever a server or library says.
  const secrets = Object.values(sweep.models).flatMap((m) => endpointSecrets(m.endpoint));
  const progress = createProgress({ stream: context.stderr, env: context.env, quiet: options.quiet, now: () => performance.now() });
  const session = newSession(`s-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`, options.argv, new Date(), prepared.scheduler);
  let manifest: Manifest | null = null;
  let servers: StartedServers | null = null;
  const responded = new Map<string, Set<string>>();
  let outcome: PlanRunOutcome;
  let failure: unknown = null;
  let ran = false;
  const itemReaders = new Map<DatasetName, ItemReader>();
  // The phases' requests go out under their own signal, whose connections are closed with the run.
  let requestSignal: AbortSignal | null = null;
  try {
    // A run killed inside an atomic write leaves its temp file; under the lock, nothing else is writing.
    await folder.prepare();
    await folder.reserveSpace();
    const previous = await folder.readManifest();
    refuseOtherSweep(layout.dir, previous, prepared, options.joinRun ?? false);
    await prepared.keepDatasetIndexes();
    if (sweep.cacheDir !== null) await removeLeftovers(await cacheShards(sweep.cacheDir), { olderThanMs: STALE_CACHE_TEMP_MS });
    const promptFiles: Manifest['prompts'] = {};
    for (const template of prepared.templates.values()) {
      const file = await folder.writePrompt(template.sha256, template.exemplars);
      promptFiles[template.sha256] = {
        dataset: template.dataset,
        format: template.format,
        shots: template.shots,
        variant: sweep.prompt.variant,
        file,
        source: template.path,
      };
    }
    await folder.writePlan(plan);
    manifest = newManifest(prepared, previous, session, promptFiles);
    await folder.writeManifest(manifest);

    // Only the servers of phases with work left are started or checked: a finished sweep reruns without any.
    const status = await folder.status(plan, { save: true });
    const runs = options.pool === undefined ? undefined : poolModels(plan, options.pool);
    if (runs !== undefined) {
      const missing = missingGuidance(plan, status.phases, runs);
      if (missing.length > 0) {
        throw new GktError(`--pool ${options.pool}: ${layout.dir}: ${missing.join('; ')}`, {
          hint: 'the teacher pool of this shard has not finished: run it first (the same command with --pool teacher), then this one',
        });
      }
    }
    const used = [...modelsWithWork(plan, status.phases, options.retryErrors)].filter((key) => runs === undefined || runs.has(key));
    // A speculative server's draft, served alone, answers the vocabulary check.
    for (const key of [...used]) {
      const draft = sweep.models[key]?.speculative?.draftServer;
      if (draft != null && !used.includes(draft)) used.push(draft);
    }
    const models = used.map((key) => sweep.models[key]!);
    // Interrupted before any server is up: nothing to start only to stop again.
    if (context.signal.aborted) throw interruptedError(context.signal);
    try {
      servers = await startServers(models, sweep.datasets, layout, { env: context.env, signal: context.signal, log: (l) => progress.log(l) });
    } catch (error) {
      if (context.signal.aborted) throw interruptedError(context.signal, error);
      throw error;
    }
    await checkServerContinuation(plan, models, context.signal);
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

    // Before the first request: a phase that cannot fit its model's context is refused, not paid for.
    const selected = (id: string, model: string) => hasWork(status.phases.get(id), options.retryErrors) && (runs === undefined || runs.has(model));
    const served = servers.served;
    const contexts = new Map(models.map((m) => {
      const url = m.endpoint.urls[0];
      return [m.key, { context: served[m.key]?.context ?? null, counter: url === undefined ? null : serverCounter(m.endpoint, url) }];
    }));
    const slots = new Map(models.map((m) => [m.key, served[m.key]?.slots ?? null]));
    for (const line of slotWarnings(plan, slots, (id) => hasWork(status.phases.get(id), options.retryErrors))) progress.log(line);
    // A model whose context is unknown has nothing to be checked against: its prompts are not counted for it.
    const checkable = phaseNeeds(plan, selected).filter((need) => contexts.get(need.family.model)?.context != null);
    refuseOverflows(await contextFits(prepared, checkable, contexts, context.signal), (line) => progress.log(line));

    const apis: Record<string, { api: ModelApi; model: (typeof models)[number] }> = {};
    for (const model of models) {
      const seen = responded.get(model.key) ?? new Set(manifest.models[model.key]?.responded ?? []);
      responded.set(model.key, seen);
      const api = buildModelApi(model.endpoint, {
        cacheDir: sweep.cacheDir,
        retry: { attempts: sweep.requests.attempts, baseDelayMs: sweep.requests.backoffMs, serverWaitMs: sweep.requests.serverWaitMs },
        served: servers.served[model.key]?.ids ?? [],
        stopSignal: context.signal,
      });
      apis[model.key] = { model, api: observeModelIds(api, seen) };
    }

    const requestController = new AbortController();
    requestSignal = requestController.signal;
    // Every request in flight listens to it (B of them, 64 or more): that many listeners is expected.
    setMaxListeners(0, requestController.signal);
    const onStop = () => {
      const grace = sweep.requests.graceMs / 1000;
      progress.log(`stopping: no new requests; those in flight have ${Number.isInteger(grace) ? grace : grace.toFixed(1)} s to finish (Ctrl-C again to quit at once)`);
      setTimeout(() => requestController.abort(), sweep.requests.graceMs).unref();
    };
    if (context.signal.aborted) onStop();
    else context.signal.addEventListener('abort', onStop, { once: true });

    ran = true;
    outcome = await runPlan({
      plan,
      items: Object.fromEntries(Object.entries(prepared.datasets).map(([name, d]) => [name, d.items])),
      readItem: (dataset, ref) => {
        let reader = itemReaders.get(dataset);
        if (reader === undefined) {
          reader = new ItemReader(dataset, prepared.datasets[dataset]!.loaded.path);
          itemReaders.set(dataset, reader);
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
      status,
      version: packageVersion(),
      ...(runs !== undefined ? { runs } : {}),
      context: {
        session: session.id,
        now: () => performance.now(),
        wall: () => new Date(),
        stopSignal: context.signal,
        requestSignal: requestController.signal,
        policy: sweep.requests,
        progress,
        secrets,
      },
    });
    session.status = 'completed';
    session.requests = outcome.requests;
    session.failures = outcome.failures;
    return { outcome, session };
  } catch (error) {
    failure = error;
    session.status = error instanceof StoppedError ? (error.exitCode >= 128 ? 'interrupted' : 'stopped') : 'failed';
    session.message = redact(fsProblem(error)?.message ?? (error as Error).message, secrets);
    throw error;
  } finally {
    progress.close();
    for (const reader of itemReaders.values()) await reader.close();
    if (requestSignal !== null) await closeConnections(requestSignal);
    await servers?.stop();
    // The space held since the start: the session's end is written even on a disk that filled.
    await folder.releaseSpace();
    if (manifest) {
      session.ended = new Date().toISOString();
      for (const [key, ids] of responded) {
        const entry = manifest.models[key];
        if (entry) entry.responded = [...ids].sort();
      }
      manifest.ended = session.ended;
      await folder.writeManifest(manifest);
    }
    try {
      // Only a folder whose manifest this session wrote is a run to speak of.
      if (manifest) await options.finish?.(ran);
    } catch (error) {
      // The run's own failure is the one to report; the finishing step's is said beside it.
      // eslint-disable-next-line no-unsafe-finally -- with no failure to report, the finishing step's is the run's outcome
      if (failure === null) throw error;
      context.stderr.write(`gkt: after the run stopped, finishing failed too: ${(error as Error).message}\n`);
    }
  }
}

/** Note each model id a server names in its responses, for the manifest. */
function observeModelIds(api: ModelApi, seen: Set<string>): ModelApi {
  return {
    async generate(request, signal): Promise<Generation> {
      const generation = await api.generate(request, signal);
      if (generation.model) seen.add(generation.model);
      return generation;
    },
  };
}
