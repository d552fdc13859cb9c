// The Kubernetes objects `gkt k8s` writes: an Indexed Job whose pod i runs shard i+1, and a suspended Job that merges the report.
import { runFolderName } from '../results/layout.js';
import { K8S_JOB_VARIABLE, K8S_POD_VARIABLE, SHARDS_VARIABLE } from './shard-env.js';
import type { YamlValue } from './yaml.js';

/** A model's server as a native sidecar: its launch command in an image of its own, ready before gkt starts. */
export interface Sidecar {
  model: string;
  image: string;
  command: string[];
  env: Record<string, string>;
  port: number;
  /** Where the startup probe asks: the route that answers once the model is loaded. */
  readyPath: string;
  readySeconds: number;
  gpus: number | null;
}

export interface K8sSweep {
  run: string;
  shards: number;
  parallelism: number;
  image: string;
  namespace: string | null;
  /** The config's path inside the gkt container. */
  configPath: string;
  workdir: string | null;
  claim: string;
  mount: string;
  runFlags: string[];
  /** GPUs of the gkt container, for servers it launches itself. */
  gpus: number | null;
  sidecars: Sidecar[];
  graceSeconds: number;
}

const GPU = 'nvidia.com/gpu';

/** A Kubernetes object name: lower-case letters, digits and dashes; short enough for `<job>-<index>` hostnames. */
export function objectName(run: string, suffix = ''): string {
  const base = `gkt-${run}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').slice(0, 50).replace(/-+$/, '');
  return `${base}${suffix}`;
}

const gpuLimits = (gpus: number | null): Record<string, YamlValue> => (gpus === null ? {} : { resources: { limits: { [GPU]: gpus } } });

function metadata(sweep: K8sSweep, name: string): Record<string, YamlValue> {
  return { name, ...(sweep.namespace !== null ? { namespace: sweep.namespace } : {}), labels: { 'app.kubernetes.io/name': 'gkt', 'gkt/run': objectName(sweep.run) } };
}

function gktContainer(sweep: K8sSweep, name: string, command: string[], env: YamlValue[], gpus: number | null): Record<string, YamlValue> {
  return {
    name,
    image: sweep.image,
    ...(sweep.workdir !== null ? { workingDir: sweep.workdir } : {}),
    command,
    env,
    volumeMounts: [{ name: 'results', mountPath: sweep.mount }],
    ...gpuLimits(gpus),
  };
}

function sidecarContainer(sidecar: Sidecar): Record<string, YamlValue> {
  return {
    name: `server-${objectName(sidecar.model).slice(4)}`,
    image: sidecar.image,
    // restartPolicy Always in initContainers: a sidecar, started before gkt and stopped once gkt has exited.
    restartPolicy: 'Always',
    command: sidecar.command,
    env: Object.entries(sidecar.env).map(([name, value]) => ({ name, value })),
    startupProbe: {
      httpGet: { path: sidecar.readyPath, port: sidecar.port },
      periodSeconds: 10,
      failureThreshold: Math.max(1, Math.ceil(sidecar.readySeconds / 10)),
    },
    ...gpuLimits(sidecar.gpus),
  };
}

export function k8sObjects(sweep: K8sSweep): YamlValue[] {
  const job = objectName(sweep.run);
  const volumes = [{ name: 'results', persistentVolumeClaim: { claimName: sweep.claim } }];
  const shardEnv: YamlValue[] = [
    { name: SHARDS_VARIABLE, value: String(sweep.shards) },
    { name: K8S_JOB_VARIABLE, value: job },
    { name: K8S_POD_VARIABLE, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
  ];
  const run = ['gkt', 'run', sweep.configPath, '--results', sweep.mount, '--shard', 'auto', ...sweep.runFlags];
  const indexed = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata(sweep, job),
    spec: {
      completionMode: 'Indexed',
      completions: sweep.shards,
      parallelism: sweep.parallelism,
      // A failed pod is replaced by one with the same index: it resumes its shard.
      backoffLimit: sweep.shards * 3,
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'gkt', 'gkt/run': job } },
        spec: {
          restartPolicy: 'Never',
          terminationGracePeriodSeconds: sweep.graceSeconds + 30,
          ...(sweep.sidecars.length > 0 ? { initContainers: sweep.sidecars.map(sidecarContainer) } : {}),
          containers: [gktContainer(sweep, 'gkt', run, shardEnv, sweep.gpus)],
          volumes,
        },
      },
    },
  };
  const dirs = Array.from({ length: sweep.shards }, (_, i) => `${sweep.mount}/${runFolderName(sweep.run, { index: i + 1, count: sweep.shards })}`);
  const report = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata(sweep, objectName(sweep.run, '-report')),
    spec: {
      // Created suspended; resumed once the Indexed Job has completed (see the commands gkt k8s prints).
      suspend: true,
      backoffLimit: 2,
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'gkt', 'gkt/run': job } },
        spec: {
          restartPolicy: 'Never',
          containers: [gktContainer(sweep, 'report', ['gkt', 'report', ...dirs, '--out', `${sweep.mount}/${sweep.run}.report`], [], null)],
          volumes,
        },
      },
    },
  };
  return [indexed, report];
}

/** The kubectl commands that run the two Jobs in order. */
export function kubectlCommands(sweep: K8sSweep, file: string): string[] {
  const ns = sweep.namespace !== null ? ` --namespace=${sweep.namespace}` : '';
  const job = objectName(sweep.run);
  return [
    `kubectl apply${ns} -f ${file}`,
    `kubectl wait${ns} --for=condition=complete --timeout=-1s job/${job} && kubectl patch${ns} job/${objectName(sweep.run, '-report')} --type=merge -p '{"spec":{"suspend":false}}'`,
  ];
}
