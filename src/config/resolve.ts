// Fill a validated config's defaults and apply command-line overrides (pure, given env and folders).
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import { defaultDatasetPath } from '../datasets/paths.js';
import { canonicalJson } from '../util/hash.js';
import { SERVER_KIND_INFO } from '../models/server-kinds.js';
import { splitCredentials } from '../models/credentials.js';
import type { Sampling } from '../vocabulary.js';
import { chatApi, reportsTemplate, resolveChat } from './chat.js';
import { DEFAULTS, DEFAULT_SAMPLING, DEFAULT_SHOTS_BY_DATASET, GREEDY } from './defaults.js';
import type { ResolvedDataset, ResolvedModel, ResolvedSweep } from './resolved.js';
import type { ModelSpec, SamplingSpec, SimulateSpec, SweepConfig } from './types.js';

export interface Overrides {
  limit?: number;
  sample?: number;
  seed?: number;
  shard?: { index: number; count: number };
  separateTeacherPasses?: boolean;
  maxErrorRate?: number;
  maxErrors?: number;
  allowFailures?: number;
  cache?: boolean;
}

export interface ResolveContext {
  /** Folder relative paths in the config are resolved against. */
  baseDir: string;
  env: NodeJS.ProcessEnv;
  datasetsDir: string;
  resultsDir: string;
}

export function samplingOf(spec: SamplingSpec | undefined, fallback: Sampling): Sampling {
  if (spec === undefined) return fallback;
  if (spec === 'greedy') return GREEDY;
  return { temperature: spec.temperature, topP: spec.topP };
}

export function resolveSweep(config: SweepConfig, context: ResolveContext, overrides: Overrides = {}): ResolvedSweep {
  const abs = (p: string) => (isAbsolute(p) ? p : resolvePath(context.baseDir, p));
  const requests = config.requests ?? {};
  const timeoutSeconds = requests.timeoutSeconds ?? DEFAULTS.timeoutSeconds;
  const models: Record<string, ResolvedModel> = {};
  for (const [key, spec] of Object.entries(config.models)) {
    models[key] = resolveModel(key, spec, timeoutSeconds, context.env, abs);
  }
  const topShots = config.shots;
  const datasets: ResolvedDataset[] = config.datasets.map((d) => {
    const shots = d.shots ?? topShots ?? DEFAULT_SHOTS_BY_DATASET[d.name];
    const limit = overrides.limit ?? (overrides.sample !== undefined ? undefined : d.limit);
    const sample = overrides.sample ?? (overrides.limit !== undefined ? undefined : d.sample);
    return {
      name: d.name,
      path: d.path !== undefined ? abs(d.path) : defaultDatasetPath(d.name, context.datasetsDir),
      selection: {
        ...(limit !== undefined ? { limit } : {}),
        ...(sample !== undefined ? { sample, seed: overrides.seed ?? d.sampleSeed ?? config.seed ?? DEFAULTS.seed } : {}),
        ...(overrides.shard ? { shard: overrides.shard } : {}),
      },
      shots: typeof shots === 'number' ? [shots] : [...shots],
      guidance: [...(d.guidance ?? config.guidance ?? DEFAULTS.guidance)],
      outputLengths: [...(d.outputLengths ?? config.outputLengths ?? DEFAULTS.outputLengths)],
      projections: [...(d.projections ?? config.projections ?? DEFAULTS.projections)],
    };
  });
  const cacheOff = overrides.cache === false || config.cache === false;
  const cacheDir = cacheOff
    ? null
    : typeof config.cache === 'object'
      ? abs(config.cache.dir)
      : join(context.resultsDir, '.cache');
  return {
    name: config.name,
    seed: overrides.seed ?? config.seed ?? DEFAULTS.seed,
    repeats: config.repeats ?? DEFAULTS.repeats,
    mode: config.mode ?? DEFAULTS.mode,
    prompt: {
      format: config.prompt?.format ?? DEFAULTS.promptFormat,
      variant: config.prompt?.variant ?? null,
      dir: config.prompt?.dir !== undefined ? abs(config.prompt.dir) : null,
    },
    models,
    datasets,
    pairs: config.pairs ?? [],
    singles: (config.singles ?? []).map((single) => (typeof single === 'string' ? { model: single } : single)),
    sampling: {
      teacher: samplingOf(config.sampling?.teacher, DEFAULT_SAMPLING.teacher),
      student: samplingOf(config.sampling?.student, DEFAULT_SAMPLING.student),
      baseline: samplingOf(config.sampling?.baseline, DEFAULT_SAMPLING.baseline),
    },
    teacherBatching: config.teacherBatching ?? DEFAULTS.teacherBatching,
    studentConcurrency: config.studentConcurrency ?? DEFAULTS.studentConcurrency,
    teacherPasses: overrides.separateTeacherPasses ? 'separate' : (config.teacherPasses ?? DEFAULTS.teacherPasses),
    baselines: {
      studentAlone: config.baselines?.studentAlone ?? true,
      teacherAlone: config.baselines?.teacherAlone ?? true,
      teacherAloneBatched: config.baselines?.teacherAloneBatched ?? true,
    },
    requests: {
      attempts: requests.attempts ?? DEFAULTS.attempts,
      backoffMs: (requests.backoffSeconds ?? DEFAULTS.backoffSeconds) * 1000,
      timeoutMs: timeoutSeconds * 1000,
      maxErrorRate: overrides.maxErrorRate ?? requests.maxErrorRate ?? DEFAULTS.maxErrorRate,
      maxErrors: overrides.maxErrors ?? requests.maxErrors ?? null,
      graceMs: (requests.graceSeconds ?? DEFAULTS.graceSeconds) * 1000,
      serverWaitMs: (requests.serverWaitSeconds ?? DEFAULTS.serverWaitSeconds) * 1000,
      allowFailures: overrides.allowFailures ?? requests.allowFailures ?? 0,
    },
    cacheDir,
    prices: Object.fromEntries(
      Object.entries(models)
        .filter(([key]) => config.prices?.[key] ?? config.models[key]?.prices)
        .map(([key]) => [key, { ...config.models[key]?.prices, ...config.prices?.[key] }]),
    ),
  };
}

function simulateSpec(spec: ModelSpec): SimulateSpec | undefined {
  return spec.launch !== undefined && 'simulate' in spec.launch ? spec.launch.simulate : undefined;
}

function resolveModel(key: string, spec: ModelSpec, timeoutSeconds: number, env: NodeJS.ProcessEnv, abs: (path: string) => string): ResolvedModel {
  const info = SERVER_KIND_INFO[spec.kind];
  // Credentials in a URL are taken out here: everything downstream (records, logs, the manifest) sees the URL without them.
  const urls = (spec.urls ?? (spec.url !== undefined ? [spec.url] : [])).map((u) => splitCredentials(u.replace(/\/+$/, '')));
  const credentials = Object.fromEntries(urls.flatMap((u) => (u.credentials ? [[u.url, u.credentials] as const] : [])));
  const chat = resolveChat(spec.chat, abs, reportsTemplate(spec));
  return {
    key,
    label: spec.label ?? key,
    endpoint: {
      key,
      kind: spec.kind,
      api: spec.api ?? chatApi(chat, info.defaultApi),
      urls: urls.map((u) => u.url),
      servedModel: spec.model,
      apiKey: spec.apiKeyEnv !== undefined ? (env[spec.apiKeyEnv] ?? null) : null,
      apiKeyEnv: spec.apiKeyEnv ?? null,
      ...(Object.keys(credentials).length > 0 ? { credentials } : {}),
      contextLength: spec.contextLength ?? simulateSpec(spec)?.contextLength ?? null,
      timeoutMs: (spec.timeoutSeconds ?? timeoutSeconds) * 1000,
      maxTokensField: spec.maxTokensField ?? 'max_tokens',
      extraBody: spec.extraBody ?? {},
      ...(simulateSpec(spec) !== undefined ? { identity: `simulator ${canonicalJson(simulateSpec(spec))}` } : {}),
      ...(spec.speculative !== undefined ? { speculative: true as const } : {}),
    },
    batch: spec.batch ?? DEFAULTS.teacherBatch,
    sampling: spec.sampling !== undefined ? samplingOf(spec.sampling, GREEDY) : null,
    stream: spec.stream ?? true,
    chat,
    launch: spec.launch ?? null,
    prices: spec.prices ?? null,
    simulated: spec.kind === 'simulated',
    speculative: spec.speculative === undefined ? null : {
      teacher: spec.speculative.teacher,
      draft: spec.speculative.draft ?? null,
      draftTokens: spec.speculative.draftTokens ?? DEFAULTS.draftTokens,
      draftServer: spec.speculative.draftServer ?? null,
    },
  };
}
