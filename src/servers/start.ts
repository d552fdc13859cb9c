// Bring every model's server up before a run (attach, launch a command, or start the simulator) and down after.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedDataset, ResolvedModel } from '../config/resolved.js';
import { authorization } from '../models/endpoint-auth.js';
import { listServedModels, probeModels, waitForReady, type ServedModel } from '../models/probe.js';
import type { Stated } from '../models/server-facts.js';
import { refuseMissingV1 } from './base-url.js';
import { modelFacts, settleContext } from './model-facts.js';
import type { RunLayout } from '../results/layout.js';
import { GktError } from '../util/errors.js';
import { packageRoot } from '../util/package-info.js';
import { logTail, spawnServer, type ChildServer } from './child.js';
import { draftFlags } from './draft-flags.js';
import { findOrphan, forgetPid, recordPid, stopOrphan } from './orphans.js';

export interface ServerStartOptions {
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  log: (line: string) => void;
  /** How long to wait for a launched simulator to listen. */
  simulatorTimeoutMs?: number;
  probeTimeoutMs?: number;
}

/** What a model's servers said at start-up, and how its context was settled. */
export interface ServedModelFacts {
  ids: string[];
  launched: boolean;
  /** The context its requests are checked against, with where it came from; null when unknown. */
  context: Stated | null;
  /** Requests its servers decode at once, where they say. */
  slots: Stated | null;
}

export interface StartedServers {
  /** Per model key: the ids its server lists, whether gkt started it, its context and slots. */
  served: Record<string, ServedModelFacts>;
  stop(): Promise<void>;
}

/** Starts or attaches to each model's server; on any failure, stops what it started and throws. */
export async function startServers(
  models: ResolvedModel[],
  datasets: ResolvedDataset[],
  layout: RunLayout,
  options: ServerStartOptions,
): Promise<StartedServers> {
  // Everything started here, each with how to stop it.
  const stoppers: Array<() => Promise<void>> = [];
  const served: StartedServers['served'] = {};
  const stop = async () => {
    await Promise.all(stoppers.map((s) => s()));
  };
  try {
    for (const model of models) {
      let launched = false;
      if (model.launch && 'simulate' in model.launch) {
        const child = await launchSimulator(model, datasets, layout, options);
        stoppers.push(() => child.server.stop());
        model.endpoint.urls = [child.url];
        launched = true;
      } else if (model.launch) {
        const url = model.endpoint.urls[0]!;
        const pidPath = layout.serverPid(model.key);
        const orphan = await findOrphan(pidPath);
        if (await alreadyServing(model, url, options)) {
          if (orphan !== null) {
            // Launched by an earlier session of this run that was killed: still ours to stop.
            options.log(`${model.key}: ${url} is the server an interrupted session launched (pid ${orphan.pid}); taking it over`);
            stoppers.push(async () => {
              await stopOrphan(orphan);
              await forgetPid(pidPath);
            });
            launched = true;
          } else {
            options.log(`${model.key}: ${url} already serves ${model.endpoint.servedModel}; using it instead of launching`);
          }
        } else {
          if (orphan !== null) await stopOrphan(orphan);
          const child = await launchCommand(model, url, layout, options);
          await recordPid(pidPath, child.process.pid, model.launch.command);
          stoppers.push(async () => {
            await child.stop();
            await forgetPid(pidPath);
          });
          launched = true;
        }
      }
      served[model.key] = { ...(await checkServed(model, options)), launched };
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { served, stop };
}

async function launchSimulator(
  model: ResolvedModel,
  datasets: ResolvedDataset[],
  layout: RunLayout,
  options: ServerStartOptions,
): Promise<{ server: ChildServer; url: string }> {
  const spec = model.launch && 'simulate' in model.launch ? model.launch.simulate : {};
  const profilePath = join(layout.serversDir, `${model.key}.profile.json`);
  const profile = {
    model: model.endpoint.servedModel,
    ...spec,
    ...(model.endpoint.contextLength !== null ? { contextLength: model.endpoint.contextLength } : {}),
    datasets: datasets.map((d) => ({ name: d.name, path: d.path })),
  };
  await writeFile(profilePath, `${JSON.stringify(profile, null, 2)}\n`);
  let resolveUrl: (url: string) => void = () => {};
  const listening = new Promise<string>((resolve) => (resolveUrl = resolve));
  const server = spawnServer({
    command: process.execPath,
    args: [join(packageRoot, 'bin', 'gkt'), 'serve', '--simulate', '--profile', profilePath, '--port', '0'],
    env: { ...options.env, NO_COLOR: '1' },
    logPath: layout.serverLog(model.key),
    ipc: true,
    onStdoutLine: (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) resolveUrl(match[1]!.replace(/\/+$/, ''));
    },
  });
  const timeoutMs = options.simulatorTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    listening.then((url) => ({ url })),
    server.exited.then(() => ({ exited: true as const })),
    new Promise<{ timeout: true }>((resolve) => (timer = setTimeout(() => resolve({ timeout: true }), timeoutMs))),
  ]);
  clearTimeout(timer);
  if ('url' in outcome) return { server, url: outcome.url };
  await server.stop();
  const reason = 'exited' in outcome ? 'exited before listening' : `did not listen within ${timeoutMs / 1000} s`;
  throw new GktError(`${model.key}: the simulator ${reason}; see ${server.logPath}`, { hint: await logTail(server.logPath, 5) });
}

async function launchCommand(model: ResolvedModel, url: string, layout: RunLayout, options: ServerStartOptions): Promise<ChildServer> {
  const launch = model.launch && 'command' in model.launch ? model.launch : null;
  if (!launch) throw new Error('launchCommand needs a command');
  options.log(`${model.key}: starting ${launch.command} (log: ${layout.serverLog(model.key)})`);
  const args = launch.args ?? [];
  const draft = model.speculative === null ? [] : draftFlags(model.endpoint.kind, model.speculative, args);
  if (draft.length > 0) options.log(`${model.key}: serving with its draft model: ${draft.join(' ')}`);
  const server = spawnServer({
    command: launch.command,
    args: [...args, ...draft],
    env: { ...options.env, ...launch.env },
    ...(launch.cwd !== undefined ? { cwd: launch.cwd } : {}),
    logPath: layout.serverLog(model.key),
  });
  const timeoutMs = (launch.readyTimeoutSeconds ?? 900) * 1000;
  // Polling stops as soon as the outcome is known: a server that died must not keep gkt waiting.
  const polling = new AbortController();
  const signal = AbortSignal.any([options.signal, polling.signal]);
  const ready = waitForReady(url, model.endpoint.kind, { timeoutMs, intervalMs: 1000, signal, authorization: authorization(model.endpoint, url) }).then(() => 'ready' as const);
  const outcome = await Promise.race([ready, server.exited.then(() => 'exited' as const)]).catch((error: unknown) => error);
  polling.abort();
  ready.catch(() => undefined);
  if (outcome === 'ready') return server;
  await server.stop();
  const why = outcome === 'exited' ? 'exited before it was ready' : `was not ready: ${(outcome as Error).message}`;
  throw new GktError(`${model.key}: ${launch.command} ${why}; see ${server.logPath}`, { hint: await logTail(server.logPath, 5) });
}

async function alreadyServing(model: ResolvedModel, url: string, options: ServerStartOptions): Promise<boolean> {
  try {
    const ids = await listServedModels(url, model.endpoint.kind, { authorization: authorization(model.endpoint, url), timeoutMs: 3000, signal: options.signal });
    return ids.includes(model.endpoint.servedModel);
  } catch {
    return false;
  }
}

/**
 * Every replica must answer and list the model id the config names. Then its context and slots are read
 * where the server states them (llama.cpp /props or /slots, vLLM and SGLang max_model_len, TGI /info),
 * settled with the config's contextLength, and said.
 */
async function checkServed(model: ResolvedModel, options: ServerStartOptions): Promise<Omit<ServedModelFacts, 'launched'>> {
  const all = new Set<string>();
  const listed = new Map<string, number | null>();
  for (const url of model.endpoint.urls) {
    let served: ServedModel[];
    try {
      served = await probeModels(url, model.endpoint.kind, {
        authorization: authorization(model.endpoint, url),
        timeoutMs: options.probeTimeoutMs ?? 15_000,
        signal: options.signal,
      });
    } catch (error) {
      await refuseMissingV1(model, url, error, options);
      throw new GktError(`${model.key}: ${url} does not answer: ${(error as Error).message}`, {
        cause: error,
        hint: 'start the server first, or give the model a "launch" in the config',
      });
    }
    await refuseMissingV1(model, url, null, options);
    const ids = served.map((m) => m.id);
    const own = served.find((m) => m.id === model.endpoint.servedModel);
    if (own === undefined) {
      throw new GktError(`${model.key}: ${url} serves ${ids.map((id) => `"${id}"`).join(', ') || 'no models'}, not "${model.endpoint.servedModel}"`, {
        hint: 'set the model id to one the server lists',
      });
    }
    listed.set(url, own.contextLength);
    for (const id of ids) all.add(id);
  }
  const facts = await modelFacts(model, listed, { signal: options.signal, timeoutMs: Math.min(options.probeTimeoutMs ?? 15_000, 5000) });
  const settled = settleContext(model.endpoint.contextLength, facts.context);
  model.endpoint.contextLength = settled.context?.value ?? null;
  options.log(`${model.key}: ${settled.note}`);
  return { ids: [...all], context: settled.context, slots: facts.slots };
}
