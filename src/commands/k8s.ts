// `gkt k8s`: a sweep as a Kubernetes Indexed Job (a shard per pod) and a report Job, written as one manifest.
import { resolve } from 'node:path';
import { k8sObjects, kubectlCommands, type K8sSweep, type Sidecar } from '../cluster/k8s-manifest.js';
import { taskRunFlags, type TaskRunOptions } from '../cluster/run-flags.js';
import { checkClusterSweep } from '../sweep/cluster-check.js';
import { toYaml } from '../cluster/yaml.js';
import type { ResolvedModel } from '../config/resolved.js';
import { prepareOptions, prepareSweep } from '../sweep/prepare.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { UsageError } from '../util/errors.js';
import type { CommandContext } from '../util/command-context.js';

export interface K8sOptions extends TaskRunOptions {
  shards: number;
  image: string;
  claim: string;
  out?: string;
  parallelism?: number;
  namespace?: string;
  configPath?: string;
  workdir?: string;
  mount?: string;
  gpus?: number;
  sidecar?: string[];
  sidecarGpus?: string[];
}

/** `model=value` pairs of a repeatable flag, each model named in the config. */
function pairs(values: string[] | undefined, flag: string, models: Record<string, ResolvedModel>): Map<string, string> {
  const map = new Map<string, string>();
  for (const value of values ?? []) {
    const at = value.indexOf('=');
    const [model, rest] = at < 0 ? [value, ''] : [value.slice(0, at), value.slice(at + 1)];
    if (rest === '') throw new UsageError(`${flag} "${value}": expected <model>=<value>`);
    if (models[model] === undefined) throw new UsageError(`${flag} "${value}": the config has no model "${model}" (it has ${Object.keys(models).join(', ')})`);
    map.set(model, rest);
  }
  return map;
}

function sidecarOf(model: ResolvedModel, image: string, gpus: string | undefined): Sidecar {
  const launch = model.launch !== null && 'command' in model.launch ? model.launch : null;
  if (launch === null) throw new UsageError(`--sidecar ${model.key}: the model has no launch command to run in the sidecar (a "launch": {"command": …} in the config)`);
  const url = new URL(model.endpoint.urls[0] ?? '');
  if (!['127.0.0.1', 'localhost'].includes(url.hostname) || url.port === '') {
    throw new UsageError(`--sidecar ${model.key}: its url ${url.href} must name 127.0.0.1 or localhost and a port: a sidecar shares the pod's network`);
  }
  const count = gpus === undefined ? null : Number(gpus);
  if (count !== null && (!Number.isInteger(count) || count < 1)) throw new UsageError(`--sidecar-gpus ${model.key}=${gpus}: expected a whole number above 0`);
  return {
    model: model.key,
    image,
    command: [launch.command, ...(launch.args ?? [])],
    env: launch.env ?? {},
    port: Number(url.port),
    readyPath: model.endpoint.kind === 'ollama' ? '/api/tags' : `${url.pathname.replace(/\/+$/, '')}/models`,
    readySeconds: launch.readyTimeoutSeconds ?? 900,
    gpus: count,
  };
}

export async function k8sCommand(configPath: string, options: K8sOptions, context: CommandContext): Promise<void> {
  const prepared = await prepareSweep({ configPath }, prepareOptions({ ...options, shard: undefined, shards: undefined }), context);
  const models = prepared.sweep.models;
  const images = pairs(options.sidecar, '--sidecar', models);
  const sidecarGpus = pairs(options.sidecarGpus, '--sidecar-gpus', models);
  for (const model of sidecarGpus.keys()) if (!images.has(model)) throw new UsageError(`--sidecar-gpus ${model}: only for a model given --sidecar`);
  // A model run in a sidecar is already serving when gkt starts: gkt attaches to it instead of launching.
  const sidecars = [...images].map(([model, image]) => sidecarOf(models[model]!, image, sidecarGpus.get(model)));
  for (const warning of checkClusterSweep(prepared, options.shards)) context.stderr.write(`gkt: warning: ${warning}\n`);

  const sweep: K8sSweep = {
    run: options.runName ?? prepared.sweep.name,
    shards: options.shards,
    parallelism: Math.min(options.parallelism ?? options.shards, options.shards),
    image: options.image,
    namespace: options.namespace ?? null,
    configPath: options.configPath ?? configPath,
    workdir: options.workdir ?? null,
    claim: options.claim,
    mount: options.mount ?? '/results',
    runFlags: taskRunFlags(options),
    gpus: options.gpus ?? null,
    sidecars,
    graceSeconds: Math.ceil(prepared.sweep.requests.graceMs / 1000),
  };
  const text = toYaml(k8sObjects(sweep));
  if (options.out === undefined) {
    context.stdout.write(text);
    context.stderr.write(`gkt: save the manifest above (e.g. as gkt-${sweep.run}.yaml) and run:\n${kubectlCommands(sweep, `gkt-${sweep.run}.yaml`).map((l) => `  ${l}\n`).join('')}`);
    return;
  }
  const path = resolve(context.cwd, options.out);
  await writeFileAtomic(path, text);
  context.stderr.write(`gkt: wrote ${path}: an Indexed Job of ${sweep.shards} pods (${sweep.parallelism} at a time) over "${sweep.run}", then a report Job; run:\n`);
  context.stdout.write(`${kubectlCommands(sweep, path).join('\n')}\n`);
}
