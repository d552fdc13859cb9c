// Cross-field checks the schema cannot express: references between models, pairs and datasets, and lengths.
import { PROFILE_DEFAULTS } from '../simulate/profile.js';
import { splitCredentials } from '../models/credentials.js';
import { chatProblems } from './chat-problems.js';
import { DEFAULT_SHOTS_BY_DATASET } from './defaults.js';
import { methodProblems } from './method-problems.js';
import { member } from './schema-errors.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const numbers = (v: unknown): number[] =>
  typeof v === 'number' ? [v] : Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];

/**
 * Problems as `$.path: message` lines. Written defensively: it runs even when the schema already failed,
 * so that every problem is reported at once.
 */
export function semanticProblems(config: unknown, env: NodeJS.ProcessEnv): string[] {
  if (!isObject(config)) return [];
  const problems: string[] = [];
  const models = isObject(config.models) ? config.models : {};
  const modelKeys = new Set(Object.keys(models));

  for (const [key, model] of Object.entries(models)) {
    if (!isObject(model)) continue;
    const at = `$.models${member(key)}`;
    const launch = isObject(model.launch) ? model.launch : undefined;
    const simulated = launch !== undefined && 'simulate' in launch;
    if (model.url !== undefined && model.urls !== undefined) problems.push(`${at}: give url or urls, not both`);
    if (model.url === undefined && model.urls === undefined && !simulated) {
      problems.push(`${at}.url: is required (or urls, or launch.simulate)`);
    }
    if (simulated && model.kind !== 'simulated') problems.push(`${at}.kind: must be "simulated" when launch.simulate is set`);
    if (model.kind === 'simulated' && launch !== undefined && !simulated) {
      problems.push(`${at}.launch: a simulated model is started with launch.simulate, not a command`);
    }
    if (model.kind === 'ollama' && model.api !== undefined && model.api !== 'ollama') {
      problems.push(`${at}.api: Ollama wraps /v1 prompts in a chat template; base-model prompts must use api "ollama" (its raw /api/generate)`);
    }
    if (model.kind === 'openai' && model.apiKeyEnv === undefined) {
      problems.push(`${at}.apiKeyEnv: is required for kind "openai" (the name of the environment variable holding the key)`);
    }
    const urls: unknown[] = [model.url, ...(Array.isArray(model.urls) ? (model.urls as unknown[]) : [])];
    const credentialed = urls.some((u) => typeof u === 'string' && splitCredentials(u).credentials !== null);
    if (credentialed && model.apiKeyEnv !== undefined) {
      problems.push(`${at}.apiKeyEnv: a URL with a user and password sends them as basic auth, which leaves no room for an API key: give one or the other`);
    }
    if (typeof model.apiKeyEnv === 'string' && !env[model.apiKeyEnv]) {
      problems.push(`${at}.apiKeyEnv: environment variable ${model.apiKeyEnv} is not set`);
    }
  }

  const pairs = Array.isArray(config.pairs) ? config.pairs : [];
  const singles: unknown[] = Array.isArray(config.singles) ? config.singles : [];
  problems.push(...chatProblems(models, pairs));
  problems.push(...methodProblems(config));
  pairs.forEach((pair, i) => {
    if (!isObject(pair)) return;
    for (const role of ['teacher', 'student'] as const) {
      const key = pair[role];
      if (typeof key === 'string' && !modelKeys.has(key)) problems.push(`$.pairs[${i}].${role}: no model "${key}" in $.models`);
    }
    if (typeof pair.teacher === 'string' && pair.teacher === pair.student) {
      problems.push(`$.pairs[${i}]: teacher and student are the same model`);
    }
  });
  singles.forEach((single, i) => {
    const key = isObject(single) ? single.model : single;
    const at = isObject(single) ? `$.singles[${i}].model` : `$.singles[${i}]`;
    if (typeof key === 'string' && !modelKeys.has(key)) problems.push(`${at}: no model "${key}" in $.models`);
  });
  const datasetNames = new Set((Array.isArray(config.datasets) ? config.datasets : []).map((d) => (isObject(d) ? d.name : undefined)));
  const onlyOn = (list: unknown, at: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((name, j) => {
      if (typeof name === 'string' && !datasetNames.has(name)) problems.push(`${at}[${j}]: dataset "${name}" is not in $.datasets`);
    });
  };
  pairs.forEach((pair, i) => isObject(pair) && onlyOn(pair.datasets, `$.pairs[${i}].datasets`));
  singles.forEach((single, i) => isObject(single) && onlyOn(single.datasets, `$.singles[${i}].datasets`));
  if (pairs.length === 0 && singles.length === 0) problems.push('$.pairs: nothing to run: give at least one pair or one single model');

  const customPrompts = isObject(config.prompt) && config.prompt.dir !== undefined;
  const seen = new Set<string>();
  const datasets = Array.isArray(config.datasets) ? config.datasets : [];
  datasets.forEach((dataset, i) => {
    if (!isObject(dataset) || typeof dataset.name !== 'string') return;
    const at = `$.datasets[${i}]`;
    if (seen.has(dataset.name)) problems.push(`${at}.name: "${dataset.name}" is listed twice`);
    seen.add(dataset.name);
    if (dataset.limit !== undefined && dataset.sample !== undefined) problems.push(`${at}: give limit or sample, not both`);
    // With a prompt folder of its own, the loader counts that file's exemplars and names the file.
    const available = customPrompts ? undefined : DEFAULT_SHOTS_BY_DATASET[dataset.name as keyof typeof DEFAULT_SHOTS_BY_DATASET];
    if (available !== undefined) {
      const shots = dataset.shots !== undefined ? numbers(dataset.shots) : numbers(config.shots);
      const where = dataset.shots !== undefined ? `${at}.shots` : '$.shots';
      for (const k of shots) {
        if (k > available) problems.push(`${where}: ${dataset.name} has ${available} exemplars, ${k} asked`);
      }
    }
  });

  // A guidance or output length as long as the teacher's or student's whole context cannot fit a prompt.
  const lengthsAt = (field: 'guidance' | 'outputLengths', run: Json, i: number, list: 'pairs' | 'singles') =>
    run[field] !== undefined
      ? numbers(run[field]).map((n) => ({ n, at: `$.${list}[${i}].${field}` }))
      : [
          ...numbers(config[field]).map((n) => ({ n, at: `$.${field}` })),
          ...datasets.flatMap((d, j) => (isObject(d) ? numbers(d[field]).map((n) => ({ n, at: `$.datasets[${j}].${field}` })) : [])),
        ];
  const tooLong = (what: 'guidance' | 'output', role: string, key: unknown, lengths: Array<{ n: number; at: string }>, where: string) => {
    const context = contextOf(typeof key === 'string' ? models[key] : undefined);
    if (context === undefined) return;
    for (const { n, at } of lengths) {
      if (n >= context) problems.push(`${at}: ${what} of ${n} tokens cannot fit ${role} "${String(key)}" (context ${context}, ${where})`);
    }
  };
  const baselines = isObject(config.baselines) ? config.baselines : {};
  const teacherAlone = baselines.teacherAlone !== false || baselines.teacherAloneBatched !== false;
  pairs.forEach((pair, i) => {
    if (!isObject(pair)) return;
    tooLong('guidance', 'teacher', pair.teacher, lengthsAt('guidance', pair, i, 'pairs'), `$.pairs[${i}]`);
    const outputs = lengthsAt('outputLengths', pair, i, 'pairs');
    tooLong('output', 'student', pair.student, outputs, `$.pairs[${i}]`);
    // The teacher-alone baselines have the teacher write the whole answer, L tokens, too.
    if (teacherAlone) tooLong('output', 'teacher', pair.teacher, outputs, `$.pairs[${i}], teacher alone`);
  });
  singles.forEach((single, i) => {
    const key = isObject(single) ? single.model : single;
    tooLong('output', 'model', key, lengthsAt('outputLengths', isObject(single) ? single : {}, i, 'singles'), `$.singles[${i}]`);
  });
  return [...new Set(problems)];
}

/** The context a model's requests must fit: its own, else a launched simulator's (whose default is known). */
function contextOf(model: unknown): number | undefined {
  if (!isObject(model)) return undefined;
  if (typeof model.contextLength === 'number') return model.contextLength;
  const launch = isObject(model.launch) ? model.launch : undefined;
  if (launch === undefined || !isObject(launch.simulate)) return undefined;
  const simulated = launch.simulate.contextLength;
  return typeof simulated === 'number' ? simulated : PROFILE_DEFAULTS.contextLength;
}
