// `gkt k8s`: the Indexed Job and report Job it writes, servers as sidecars, and a pod's `gkt run --shard auto` as Kubernetes runs it.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { k8sObjects, objectName, type K8sSweep } from '../../src/cluster/k8s-manifest.js';
import { toYaml } from '../../src/cluster/yaml.js';
import { ROOT, runCli } from '../helpers/cli.js';

const SMOKE = join(ROOT, 'configs', 'smoke.json');
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gkt-k8s-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const SWEEP: K8sSweep = {
  run: 'Paper_GSM8K', shards: 4, parallelism: 2, image: 'registry/gkt:0.1.0', namespace: 'lab', configPath: 'configs/paper-gsm8k.json', workdir: '/app',
  claim: 'results', mount: '/results', runFlags: ['--limit', '100'], gpus: null, graceSeconds: 30,
  sidecars: [{ model: 'llama2-7b', image: 'vllm/vllm-openai:v0.6.3', command: ['vllm', 'serve', 'm', '--port', '8001'], env: { HF_HOME: '/cache' }, port: 8001, readyPath: '/v1/models', readySeconds: 900, gpus: 1 }],
};

describe('toYaml', () => {
  it('writes block YAML with every string double-quoted', () => {
    expect(toYaml([{ a: 1, 'b c': ['x', { d: true, e: [] }], f: {}, g: null }, { h: 'it\'s "q"' }])).toBe(
      ['a: 1', '"b c":', '- "x"', '- d: true', '  e: []', 'f: {}', 'g: null', '---', 'h: "it\'s \\"q\\""', ''].join('\n'),
    );
  });
});

describe('the objects gkt k8s writes', () => {
  const [indexed, report] = k8sObjects(SWEEP) as any[];

  it('an Indexed Job of one pod per shard, told the shard count and its own names', () => {
    expect(indexed.metadata).toMatchObject({ name: 'gkt-paper-gsm8k', namespace: 'lab' });
    expect(indexed.spec).toMatchObject({ completionMode: 'Indexed', completions: 4, parallelism: 2 });
    const pod = indexed.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    const gkt = pod.containers[0];
    expect(gkt.command).toEqual(['gkt', 'run', 'configs/paper-gsm8k.json', '--results', '/results', '--shard', 'auto', '--limit', '100']);
    expect(gkt.env).toEqual([
      { name: 'GKT_SHARDS', value: '4' },
      { name: 'GKT_JOB_NAME', value: 'gkt-paper-gsm8k' },
      { name: 'GKT_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ]);
    expect(gkt.volumeMounts).toEqual([{ name: 'results', mountPath: '/results' }]);
    expect(pod.volumes).toEqual([{ name: 'results', persistentVolumeClaim: { claimName: 'results' } }]);
  });

  it('a server as a native sidecar, probed until ready before gkt starts', () => {
    const [sidecar] = indexed.spec.template.spec.initContainers;
    expect(sidecar).toMatchObject({
      image: 'vllm/vllm-openai:v0.6.3', restartPolicy: 'Always', command: ['vllm', 'serve', 'm', '--port', '8001'],
      env: [{ name: 'HF_HOME', value: '/cache' }],
      startupProbe: { httpGet: { path: '/v1/models', port: 8001 }, periodSeconds: 10, failureThreshold: 90 },
      resources: { limits: { 'nvidia.com/gpu': 1 } },
    });
  });

  it('a suspended report Job over every shard folder', () => {
    expect(report.metadata.name).toBe('gkt-paper-gsm8k-report');
    expect(report.spec.suspend).toBe(true);
    expect(report.spec.template.spec.containers[0].command).toEqual([
      'gkt', 'report', ...[1, 2, 3, 4].map((i) => `/results/Paper_GSM8K.shard-${i}-of-4`), '--out', '/results/Paper_GSM8K.report',
    ]);
  });

  it('names objects as Kubernetes allows', () => {
    expect(objectName('My Run.v2')).toBe('gkt-my-run-v2');
    expect(objectName('x'.repeat(80)).length).toBeLessThanOrEqual(50);
  });
});

describe('gkt k8s as a user calls it', () => {
  it('writes the manifest and prints the kubectl commands that run the two Jobs in order', async () => {
    const result = await runCli(['k8s', SMOKE, '--shards', '2', '--image', 'gkt:1', '--claim', 'res', '-o', 'smoke.yaml'], { cwd: work });
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(join(work, 'smoke.yaml'), 'utf8');
    expect(text).toContain('completionMode: "Indexed"');
    expect(text.split('\n---\n')).toHaveLength(2);
    expect(result.stdout.trim().split('\n')).toEqual([
      `kubectl apply -f ${join(work, 'smoke.yaml')}`,
      `kubectl wait --for=condition=complete --timeout=-1s job/gkt-smoke && kubectl patch job/gkt-smoke-report --type=merge -p '{"spec":{"suspend":false}}'`,
    ]);
  });

  it('refuses a sidecar for a model without a launch command, and for a model the config lacks', async () => {
    const simulated = await runCli(['k8s', SMOKE, '--shards', '2', '--image', 'g', '--claim', 'c', '--sidecar', 'sim-student=img'], { cwd: work });
    expect(simulated.code).toBe(2);
    expect(simulated.stderr).toContain('--sidecar sim-student: the model has no launch command to run in the sidecar');
    const unknown = await runCli(['k8s', SMOKE, '--shards', '2', '--image', 'g', '--claim', 'c', '--sidecar', 'nope=img'], { cwd: work });
    expect(unknown.stderr).toContain('--sidecar "nope=img": the config has no model "nope"');
  });

  it('derives the sidecar from the model\'s launch and url', async () => {
    const config = JSON.parse(readFileSync(SMOKE, 'utf8'));
    config.datasets = config.datasets.map((d: any) => ({ ...d, path: join(ROOT, 'datasets', 'fixtures', d.path.split('/').pop()) }));
    config.models['sim-student'] = { kind: 'vllm', model: 'm', url: 'http://127.0.0.1:8001/v1', launch: { command: 'vllm', args: ['serve', 'm', '--port', '8001'], readyTimeoutSeconds: 600 } };
    await writeFile(join(work, 'vllm.json'), JSON.stringify(config));
    const result = await runCli(['k8s', join(work, 'vllm.json'), '--shards', '2', '--image', 'g', '--claim', 'c', '--sidecar', 'sim-student=vllm/vllm-openai', '--sidecar-gpus', 'sim-student=2'], { cwd: work });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('restartPolicy: "Always"');
    expect(result.stdout).toMatch(/startupProbe:\n\s+httpGet:\n\s+path: "\/v1\/models"\n\s+port: 8001\n\s+periodSeconds: 10\n\s+failureThreshold: 60/);
    expect(result.stdout).toContain('nvidia.com/gpu: 2');
  });
});

describe('a pod of the Indexed Job', () => {
  it('runs shard index+1 of GKT_SHARDS and records the Kubernetes job and pod', async () => {
    const env = { JOB_COMPLETION_INDEX: '1', GKT_SHARDS: '2', GKT_JOB_NAME: 'gkt-smoke', GKT_POD_NAME: 'gkt-smoke-1-abcde', SLURM_JOB_ID: undefined, SLURM_ARRAY_TASK_ID: undefined };
    const result = await runCli(['run', SMOKE, '--results', join(work, 'pods'), '--shard', 'auto', '--limit', '2', '--quiet'], { cwd: work, env });
    expect(result.code, result.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(work, 'pods', 'smoke.shard-2-of-2', 'manifest.json'), 'utf8'));
    expect(manifest.shard).toEqual({ index: 2, count: 2 });
    expect(manifest.scheduler).toEqual({ scheduler: 'kubernetes', job: 'gkt-smoke', array: null, task: '1', pod: 'gkt-smoke-1-abcde' });
    expect(manifest.sessions[0].scheduler).toEqual(manifest.scheduler);
  });
});
