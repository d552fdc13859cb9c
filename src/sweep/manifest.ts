// The run's manifest as a session starts it: what runs, with which code, data, prompts, models and seeds.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import type { SchedulerTask } from '../results/manifest.js';
import type { ResolvedSweep } from '../config/resolved.js';
import { withoutUrlCredentials } from '../models/credentials.js';
import { FORMAT } from '../results/format.js';
import type { Manifest, SessionEntry } from '../results/manifest.js';
import { packageRoot, packageVersion } from '../util/package-info.js';
import type { PreparedSweep } from './prepare.js';

/** The git commit gkt runs from, when it runs from a checkout. */
export function gitCommit(): { commit: string | null; dirty: boolean | null } {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: packageRoot, encoding: 'utf8' });
  if (head.status !== 0) return { commit: null, dirty: null };
  const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: packageRoot, encoding: 'utf8' });
  return { commit: head.stdout.trim(), dirty: status.status === 0 ? status.stdout.trim() !== '' : null };
}

/** The resolved sweep without secrets: API keys are dropped, only the variable names stay. */
export function publicSweep(sweep: ResolvedSweep): unknown {
  return {
    ...sweep,
    models: Object.fromEntries(
      Object.entries(sweep.models).map(([key, m]) => [key, { ...m, endpoint: { ...m.endpoint, apiKey: m.endpoint.apiKey ? '(from environment)' : null } }]),
    ),
  };
}

export function newManifest(prepared: PreparedSweep, previous: Manifest | null, session: SessionEntry, promptFiles: Manifest['prompts']): Manifest {
  const { sweep } = prepared;
  const models: Manifest['models'] = {};
  for (const [key, m] of Object.entries(sweep.models)) {
    models[key] = {
      label: m.label,
      kind: m.endpoint.kind,
      api: m.endpoint.api,
      urls: m.endpoint.urls,
      model: m.endpoint.servedModel,
      simulated: m.simulated,
      contextLength: m.endpoint.contextLength,
      apiKeyEnv: m.endpoint.apiKeyEnv,
      launched: false,
      served: [],
      responded: previous?.models[key]?.responded ?? [],
    };
    const chat = m.chat;
    const template = prepared.chatTemplates.get(key);
    if (chat !== null) {
      models[key].chat = {
        ...chat,
        template: template === undefined ? null : { origin: template.origin, sha256: template.sha256, bosToken: template.bosToken, eosToken: template.eosToken },
      };
    }
  }
  return {
    format: FORMAT,
    gkt: { version: packageVersion(), ...gitCommit() },
    run: sweep.name,
    configPath: prepared.configPath,
    // A URL's password stays out, as an API key does: only its variable's name is ever written.
    config: withoutUrlCredentials(prepared.config),
    resolved: publicSweep(sweep),
    datasets: Object.fromEntries(
      Object.entries(prepared.datasets).map(([name, d]) => [
        name,
        { path: d.loaded.path, sha256: d.loaded.sha256, items: d.items.length, of: d.all, selection: sweep.datasets.find((x) => x.name === name)?.selection ?? {} },
      ]),
    ),
    prompts: promptFiles,
    models,
    seed: sweep.seed,
    repeats: sweep.repeats,
    mode: sweep.mode,
    shard: sweep.datasets[0]?.selection.shard ?? null,
    scheduler: prepared.scheduler,
    // A new session holds the lock, so none before it is still running, whatever it last wrote.
    sessions: [...(previous?.sessions ?? []).map((s): SessionEntry => (s.status === 'running' ? { ...s, status: 'killed' } : s)), session],
    started: previous?.started ?? session.started,
    ended: null,
  };
}

export function newSession(id: string, argv: string[], now: Date, scheduler: SchedulerTask | null = null): SessionEntry {
  return {
    id,
    started: now.toISOString(),
    ended: null,
    status: 'running',
    argv: withoutUrlCredentials(argv),
    host: hostname(),
    node: process.version,
    ...(scheduler ? { scheduler } : {}),
  };
}
