// Run a prepared sweep: lock its folder, write plan and manifest, bring servers up, run every phase, clean up.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runPlan, type PlanRunOutcome } from '../cell/run-plan.js';
import type { CommandContext } from '../commands/context.js';
import { buildModelApi } from '../models/build.js';
import type { Generation, ModelApi } from '../models/types.js';
import { modelsWithWork, planStatus } from '../plan/status.js';
import { createProgress } from '../progress/create.js';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic-write.js';
import { acquireLock } from '../results/lock.js';
import { startServers, type StartedServers } from '../servers/start.js';
import { StoppedError } from '../util/errors.js';
import { packageVersion } from '../util/package-info.js';
import { newManifest, newSession, type Manifest, type SessionEntry } from './manifest.js';
import type { PreparedSweep } from './prepare.js';

export interface ExecuteOptions {
  retryErrors: boolean;
  quiet: boolean;
  argv: string[];
}

export interface ExecuteResult {
  outcome: PlanRunOutcome | null;
  session: SessionEntry;
}

export async function executeSweep(prepared: PreparedSweep, options: ExecuteOptions, context: CommandContext): Promise<ExecuteResult> {
  const { layout, plan, sweep } = prepared;
  for (const dir of [layout.dir, layout.teacherDir, layout.cellsDir, layout.promptsDir, layout.serversDir]) {
    await mkdir(dir, { recursive: true });
  }
  const lock = await acquireLock(layout.lock);
  const progress = createProgress({ stream: context.stderr, env: context.env, quiet: options.quiet, now: () => performance.now() });
  const session = newSession(`s-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`, options.argv, new Date());
  let manifest: Manifest | null = null;
  let servers: StartedServers | null = null;
  const responded = new Map<string, Set<string>>();
  let outcome: PlanRunOutcome | null = null;
  try {
    const previous = await readManifest(layout.manifest);
    const promptFiles: Manifest['prompts'] = {};
    for (const template of prepared.templates.values()) {
      const file = `prompts/${template.sha256.slice(0, 16)}.txt`;
      await writeFileAtomic(join(layout.dir, file), template.exemplars);
      promptFiles[template.sha256] = {
        dataset: template.dataset,
        format: template.format,
        shots: template.shots,
        variant: sweep.prompt.variant,
        file,
        source: template.path,
      };
    }
    await writeJsonAtomic(layout.plan, plan);
    manifest = newManifest(prepared, previous, session, promptFiles);
    await writeJsonAtomic(layout.manifest, manifest);

    // Only the servers of phases with work left are started or checked: a finished sweep reruns without any.
    const used = modelsWithWork(plan, await planStatus(plan, layout), options.retryErrors);
    const models = [...used].map((key) => sweep.models[key]!);
    servers = await startServers(models, sweep.datasets, layout, { env: context.env, signal: context.signal, log: (l) => progress.log(l) });
    for (const model of models) {
      const entry = manifest.models[model.key]!;
      entry.urls = model.endpoint.urls;
      entry.served = servers.served[model.key]?.ids ?? [];
      entry.launched = servers.served[model.key]?.launched ?? false;
    }
    await writeJsonAtomic(layout.manifest, manifest);

    const apis: Record<string, { api: ModelApi; model: (typeof models)[number] }> = {};
    for (const model of models) {
      const seen = responded.get(model.key) ?? new Set(manifest.models[model.key]?.responded ?? []);
      responded.set(model.key, seen);
      const api = buildModelApi(model.endpoint, { cacheDir: sweep.cacheDir, retry: { attempts: sweep.requests.attempts } });
      apis[model.key] = { model, api: observeModelIds(api, seen) };
    }

    const requestController = new AbortController();
    const onStop = () => {
      progress.log(`stopping: no new requests; those in flight have ${Math.round(sweep.requests.graceMs / 1000)} s to finish (Ctrl-C again to quit at once)`);
      setTimeout(() => requestController.abort(), sweep.requests.graceMs).unref();
    };
    if (context.signal.aborted) onStop();
    else context.signal.addEventListener('abort', onStop, { once: true });

    outcome = await runPlan({
      plan,
      items: Object.fromEntries(Object.entries(prepared.datasets).map(([name, d]) => [name, d.items])),
      template: (_dataset, sha) => prepared.templates.get(sha)!,
      models: apis,
      layout,
      retryErrors: options.retryErrors,
      version: packageVersion(),
      context: {
        session: session.id,
        now: () => performance.now(),
        wall: () => new Date(),
        stopSignal: context.signal,
        requestSignal: requestController.signal,
        policy: sweep.requests,
        progress,
      },
    });
    for (const r of outcome.repaired) {
      progress.log(`mended ${r.file}: ${[r.tornTail ? 'a torn last line cut' : '', r.duplicates ? `${r.duplicates} duplicate records dropped` : '', r.errorsDropped ? `${r.errorsDropped} failed items to redo` : ''].filter(Boolean).join(', ')}`);
    }
    session.status = 'completed';
    session.requests = outcome.requests;
    session.failures = outcome.failures;
    return { outcome, session };
  } catch (error) {
    session.status = error instanceof StoppedError ? (error.exitCode === 130 ? 'interrupted' : 'stopped') : 'failed';
    session.message = (error as Error).message;
    throw error;
  } finally {
    progress.close();
    await servers?.stop();
    if (manifest) {
      session.ended = new Date().toISOString();
      for (const [key, ids] of responded) {
        const entry = manifest.models[key];
        if (entry) entry.responded = [...ids].sort();
      }
      manifest.ended = session.ended;
      await writeJsonAtomic(layout.manifest, manifest);
    }
    await lock.release();
  }
}

async function readManifest(path: string): Promise<Manifest | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Manifest;
  } catch {
    return null;
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
