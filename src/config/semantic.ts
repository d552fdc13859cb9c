// Cross-field checks the definition cannot express: references between models, pairs and datasets, and lengths.
import { PROFILE_DEFAULTS } from '../simulate/profile.js';
import { splitCredentials } from '../models/credentials.js';
import { chatProblems } from './chat-problems.js';
import { DEFAULT_SHOTS_BY_DATASET } from './defaults.js';
import { methodProblems } from './method-problems.js';
import { member } from './schema-errors.js';
import type { Loose, ModelSpec, SweepConfig } from './types.js';

type Config = Loose<SweepConfig>;
type Model = Loose<ModelSpec>;

const numbers = (v: number | Array<number | undefined> | undefined): number[] =>
  v === undefined ? [] : typeof v === 'number' ? [v] : v.filter((x) => x !== undefined);

/**
 * Problems as `$.path: message` lines. The config may have failed its definition: the checks then see
 * what was valid in it (see Loose), so that every problem is reported at once.
 */
export function semanticProblems(config: Config, env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const models: Record<string, Model | undefined> = config.models ?? {};
  const modelKeys = new Set(Object.keys(models));

  for (const [key, model] of Object.entries(models)) {
    if (model !== undefined) problems.push(...modelProblems(`$.models${member(key)}`, model, env));
  }

  const pairs = config.pairs ?? [];
  const singles = config.singles ?? [];
  problems.push(...chatProblems(models, pairs));
  problems.push(...methodProblems(config));
  pairs.forEach((pair, i) => {
    if (pair === undefined) return;
    for (const role of ['teacher', 'student'] as const) {
      const key = pair[role];
      if (key !== undefined && !modelKeys.has(key)) problems.push(`$.pairs[${i}].${role}: no model "${key}" in $.models`);
    }
    if (pair.teacher !== undefined && pair.teacher === pair.student) problems.push(`$.pairs[${i}]: teacher and student are the same model`);
  });
  singles.forEach((single, i) => {
    const key = typeof single === 'string' ? single : single?.model;
    const at = typeof single === 'string' ? `$.singles[${i}]` : `$.singles[${i}].model`;
    if (key !== undefined && !modelKeys.has(key)) problems.push(`${at}: no model "${key}" in $.models`);
  });
  const datasets = config.datasets ?? [];
  const datasetNames = new Set<string | undefined>(datasets.map((d) => d?.name));
  const onlyOn = (list: Array<string | undefined> | undefined, at: string) =>
    list?.forEach((name, j) => {
      if (name !== undefined && !datasetNames.has(name)) problems.push(`${at}[${j}]: dataset "${name}" is not in $.datasets`);
    });
  pairs.forEach((pair, i) => onlyOn(pair?.datasets, `$.pairs[${i}].datasets`));
  singles.forEach((single, i) => typeof single === 'object' && onlyOn(single.datasets, `$.singles[${i}].datasets`));
  if (pairs.length === 0 && singles.length === 0) problems.push('$.pairs: nothing to run: give at least one pair or one single model');

  problems.push(...datasetProblems(config), ...lengthProblems(config, models));
  return [...new Set(problems)];
}

function modelProblems(at: string, model: Model, env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const launch = model.launch;
  const simulated = launch !== undefined && 'simulate' in launch;
  if (model.url !== undefined && model.urls !== undefined) problems.push(`${at}: give url or urls, not both`);
  // See Loose: a field given with problems is a key without a value, so "is required" is not said of it.
  const launchUnknown = 'launch' in model && launch === undefined;
  if (!('url' in model) && !('urls' in model) && !simulated && !launchUnknown) problems.push(`${at}.url: is required (or urls, or launch.simulate)`);
  if (simulated && model.kind !== 'simulated') problems.push(`${at}.kind: must be "simulated" when launch.simulate is set`);
  if (model.kind === 'simulated' && launch !== undefined && !simulated) {
    problems.push(`${at}.launch: a simulated model is started with launch.simulate, not a command`);
  }
  if (model.kind === 'ollama' && model.api !== undefined && model.api !== 'ollama') {
    problems.push(`${at}.api: Ollama wraps /v1 prompts in a chat template; base-model prompts must use api "ollama" (its raw /api/generate)`);
  }
  if (model.kind === 'openai' && !('apiKeyEnv' in model)) {
    problems.push(`${at}.apiKeyEnv: is required for kind "openai" (the name of the environment variable holding the key)`);
  }
  const urls = [model.url, ...(model.urls ?? [])];
  const credentialed = urls.some((u) => u !== undefined && splitCredentials(u).credentials !== null);
  if (credentialed && model.apiKeyEnv !== undefined) {
    problems.push(`${at}.apiKeyEnv: a URL with a user and password sends them as basic auth, which leaves no room for an API key: give one or the other`);
  }
  if (model.apiKeyEnv !== undefined && !env[model.apiKeyEnv]) problems.push(`${at}.apiKeyEnv: environment variable ${model.apiKeyEnv} is not set`);
  return problems;
}

function datasetProblems(config: Config): string[] {
  const problems: string[] = [];
  const customPrompts = config.prompt?.dir !== undefined;
  const seen = new Set<string>();
  (config.datasets ?? []).forEach((dataset, i) => {
    if (dataset?.name === undefined) return;
    const at = `$.datasets[${i}]`;
    if (seen.has(dataset.name)) problems.push(`${at}.name: "${dataset.name}" is listed twice`);
    seen.add(dataset.name);
    if (dataset.limit !== undefined && dataset.sample !== undefined) problems.push(`${at}: give limit or sample, not both`);
    // With a prompt folder of its own, the loader counts that file's exemplars and names the file.
    if (customPrompts) return;
    const available = DEFAULT_SHOTS_BY_DATASET[dataset.name];
    const shots = dataset.shots !== undefined ? numbers(dataset.shots) : numbers(config.shots);
    const where = dataset.shots !== undefined ? `${at}.shots` : '$.shots';
    for (const k of shots) {
      if (k > available) problems.push(`${where}: ${dataset.name} has ${available} exemplars, ${k} asked`);
    }
  });
  return problems;
}

/** A guidance or output length as long as the teacher's or student's whole context cannot fit a prompt. */
function lengthProblems(config: Config, models: Record<string, Model | undefined>): string[] {
  const problems: string[] = [];
  const datasets = config.datasets ?? [];
  type Run = { guidance?: Array<number | undefined>; outputLengths?: Array<number | undefined> };
  const lengthsAt = (field: 'guidance' | 'outputLengths', run: Run, i: number, list: 'pairs' | 'singles') =>
    run[field] !== undefined
      ? numbers(run[field]).map((n) => ({ n, at: `$.${list}[${i}].${field}` }))
      : [
          ...numbers(config[field]).map((n) => ({ n, at: `$.${field}` })),
          ...datasets.flatMap((d, j) => numbers(d?.[field]).map((n) => ({ n, at: `$.datasets[${j}].${field}` }))),
        ];
  const tooLong = (what: 'guidance' | 'output', role: string, key: string | undefined, lengths: Array<{ n: number; at: string }>, where: string) => {
    const context = contextOf(key === undefined ? undefined : models[key]);
    if (context === undefined) return;
    for (const { n, at } of lengths) {
      if (n >= context) problems.push(`${at}: ${what} of ${n} tokens cannot fit ${role} "${String(key)}" (context ${context}, ${where})`);
    }
  };
  const teacherAlone = config.baselines?.teacherAlone !== false || config.baselines.teacherAloneBatched !== false;
  (config.pairs ?? []).forEach((pair, i) => {
    if (pair === undefined) return;
    tooLong('guidance', 'teacher', pair.teacher, lengthsAt('guidance', pair, i, 'pairs'), `$.pairs[${i}]`);
    const outputs = lengthsAt('outputLengths', pair, i, 'pairs');
    tooLong('output', 'student', pair.student, outputs, `$.pairs[${i}]`);
    // The teacher-alone baselines have the teacher write the whole answer, L tokens, too.
    if (teacherAlone) tooLong('output', 'teacher', pair.teacher, outputs, `$.pairs[${i}], teacher alone`);
  });
  (config.singles ?? []).forEach((single, i) => {
    const key = typeof single === 'string' ? single : single?.model;
    tooLong('output', 'model', key, lengthsAt('outputLengths', typeof single === 'object' ? single : {}, i, 'singles'), `$.singles[${i}]`);
  });
  return problems;
}

/** The context a model's requests must fit: its own, else a launched simulator's (whose default is known). */
function contextOf(model: Model | undefined): number | undefined {
  if (model?.contextLength !== undefined) return model.contextLength;
  const launch = model?.launch;
  if (launch === undefined || !('simulate' in launch) || launch.simulate === undefined) return undefined;
  return launch.simulate.contextLength ?? PROFILE_DEFAULTS.contextLength;
}
