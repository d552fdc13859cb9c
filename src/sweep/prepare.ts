// Everything a sweep needs before the first request: config, items, prompts, the plan and its folder.
import { dirname, join, resolve } from 'node:path';
import type { CommandContext } from '../util/command-context.js';
import { loadConfig, parseConfig } from '../config/load.js';
import type { ResolvedSweep } from '../config/resolved.js';
import { resolveSweep, type Overrides } from '../config/resolve.js';
import type { SweepConfig } from '../config/types.js';
import type { ItemRefs } from '../datasets/scan.js';
import { selectItems } from '../datasets/select.js';
import type { LoadedDataset } from '../datasets/types.js';
import type { DatasetName } from '../vocabulary.js';
import { expandPlan } from '../plan/expand.js';
import type { Plan } from '../plan/types.js';
import { loadPromptTemplate, type PromptTemplate } from '../prompts/index.js';
import type { ChatTemplate } from '../chat/template.js';
import { loadChatTemplates, tryChatTemplates } from './chat-templates.js';
import { runFolderName, runLayout, type RunLayout } from '../results/layout.js';
import { RunFolder } from '../results/run-folder.js';
import { schedulerTask, shardFromScheduler } from '../cluster/shard-env.js';
import type { SchedulerTask } from '../results/manifest.js';
import { UsageError } from '../util/errors.js';
import { packageRoot } from '../util/package-info.js';

export type SweepSource = { configPath: string } | { config: SweepConfig; baseDir: string };

export interface PrepareOptions extends Overrides {
  results?: string;
  /** Where a dataset without a path is read (gkt's own datasets/ by default). */
  datasetsDir?: string;
  runName?: string;
  /** The scheduler job this run is a task of, for the manifest and the lock. */
  scheduler?: SchedulerTask;
}

export interface PreparedSweep {
  config: SweepConfig;
  configPath: string | null;
  sweep: ResolvedSweep;
  /** Per dataset: the file, its item count, and the items selected, by reference (their texts are read as they are needed). */
  datasets: Partial<Record<DatasetName, { loaded: Omit<LoadedDataset, 'items'>; all: number; items: ItemRefs }>>;
  /** Prompt templates by sha256 of their exemplar text. */
  templates: Map<string, PromptTemplate>;
  /** Chat templates gkt renders, by model key. */
  chatTemplates: Map<string, ChatTemplate>;
  plan: Plan;
  layout: RunLayout;
  resultsDir: string;
  scheduler: SchedulerTask | null;
  /** Keeps, in the run folder, where each dataset's items are (for reruns); for a run holding the folder's lock. */
  keepDatasetIndexes: () => Promise<void>;
}

/** `context.signal` ends waiting for a server that reports a chat template. */
export async function prepareSweep(source: SweepSource, options: PrepareOptions, context: Pick<CommandContext, 'env' | 'cwd' | 'signal'>): Promise<PreparedSweep> {
  const { config, configPath, sweep, resultsDir } = await loadSweep(source, options, context);
  const shard = sweep.datasets[0]?.selection.shard;
  const layout = runLayout(join(resultsDir, runFolderName(options.runName ?? sweep.name, shard)));
  const { datasets, keepDatasetIndexes } = await selectedItems(sweep, new RunFolder(layout.dir));
  const { templates, byShots } = await loadPrompts(sweep);
  const models = Object.values(sweep.models);
  const chatTemplates = await loadChatTemplates(models, context.signal);
  tryChatTemplates(models, chatTemplates, [...templates.values()]);
  const plan = expandPlan({
    sweep,
    datasets: Object.fromEntries(
      Object.entries(datasets).map(([name, d]) => [name, { sha256: d.loaded.sha256, itemIds: Array.from({ length: d.items.length }, (_, at) => d.items.id(at)) }]),
    ),
    prompt: (dataset, shots) => {
      const t = byShots.get(`${dataset}:${shots}`)!;
      return { format: t.format, shots: t.shots, sha256: t.sha256 };
    },
    chatTemplates: Object.fromEntries([...chatTemplates].map(([key, t]) => [key, t.sha256])),
  });
  return { config, configPath, sweep, datasets, templates, chatTemplates, plan, layout, resultsDir, scheduler: options.scheduler ?? null, keepDatasetIndexes };
}

/** The config read and checked, then resolved: every default filled in, every path absolute. */
async function loadSweep(
  source: SweepSource,
  options: PrepareOptions,
  { env, cwd }: Pick<CommandContext, 'env' | 'cwd'>,
): Promise<Pick<PreparedSweep, 'config' | 'configPath' | 'sweep' | 'resultsDir'>> {
  const configPath = 'configPath' in source ? resolve(cwd, source.configPath) : null;
  const config =
    'configPath' in source ? await loadConfig(configPath!, env) : parseConfig(JSON.stringify(source.config), '(command-line flags)', env);
  const baseDir = configPath ? dirname(configPath) : (source as { baseDir: string }).baseDir;
  const resultsDir = resolve(cwd, options.results ?? 'results');
  const datasetsDir = options.datasetsDir === undefined ? join(packageRoot, 'datasets') : resolve(cwd, options.datasetsDir);
  const sweep = resolveSweep(config, { baseDir, env, datasetsDir, resultsDir }, options);
  return { config, configPath, sweep, resultsDir };
}

/** Each dataset's items, found in its file (by the folder's index when it has one), then selected: sample or limit, then shard. */
async function selectedItems(sweep: ResolvedSweep, folder: RunFolder): Promise<Pick<PreparedSweep, 'datasets' | 'keepDatasetIndexes'>> {
  const datasets: PreparedSweep['datasets'] = {};
  const keep: Array<() => Promise<void>> = [];
  for (const d of sweep.datasets) {
    const { dataset: scanned, keep: keepIndex } = await folder.datasetItems(d.name, d.path);
    keep.push(keepIndex);
    const all = Array.from({ length: scanned.refs.length }, (_, at) => at);
    const chosen = selectItems(all, d.selection);
    // All of them, in order (no limit, sample or shard): the list itself, not a view of every position.
    const items = chosen.length === all.length ? scanned.refs : scanned.refs.select(chosen);
    datasets[d.name] = { loaded: { name: scanned.name, path: scanned.path, sha256: scanned.sha256 }, all: scanned.refs.length, items };
  }
  const keepDatasetIndexes = async () => {
    for (const step of keep) await step();
  };
  return { datasets, keepDatasetIndexes };
}

/** The exemplars of every dataset and shot count, by their sha256 and by `<dataset>:<shots>`. */
async function loadPrompts(sweep: ResolvedSweep): Promise<{ templates: Map<string, PromptTemplate>; byShots: Map<string, PromptTemplate> }> {
  const templates = new Map<string, PromptTemplate>();
  const byShots = new Map<string, PromptTemplate>();
  const promptsDir = sweep.prompt.dir ?? join(packageRoot, 'prompts');
  for (const d of sweep.datasets) {
    for (const shots of d.shots) {
      const variant = d.name === 'csqa' && sweep.prompt.variant ? sweep.prompt.variant : undefined;
      const template = await loadPromptTemplate(d.name, sweep.prompt.format, shots, promptsDir, variant);
      templates.set(template.sha256, template);
      byShots.set(`${d.name}:${shots}`, template);
    }
  }
  return { templates, byShots };
}

/** `--shard 2/4` → { index: 2, count: 4 }; anything else is a usage error (`auto` is read by prepareOptions). */
export function parseShard(value: string | undefined): { index: number; count: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard: expected i/n with 1 ≤ i ≤ n (e.g. 2/4) or auto, got "${value}"`);
  }
  return { index, count };
}

/** The command-line flags that shape a prepared sweep, as `gkt run` and `gkt plan` take them. */
export interface SweepFlags {
  results?: string;
  datasetsDir?: string;
  runName?: string;
  limit?: number;
  sample?: number;
  seed?: number;
  shard?: string;
  /** The shard count for `--shard auto` where the scheduler does not give it. */
  shards?: number;
  separateTeacherPasses?: boolean;
  maxErrorRate?: number;
  maxErrors?: number;
  allowFailures?: number;
  cache?: boolean;
}

/** `env` is read only for `--shard auto` and to note the scheduler job a run is a task of. */
export function prepareOptions(flags: SweepFlags, env: NodeJS.ProcessEnv = {}): PrepareOptions {
  if (flags.shards !== undefined && flags.shard?.trim() !== 'auto') {
    throw new UsageError(`--shards ${flags.shards}: only with --shard auto (--shard i/n names its count itself)`);
  }
  const auto = flags.shard?.trim() === 'auto' ? shardFromScheduler(env, flags.shards) : null;
  const shard = auto?.shard ?? parseShard(flags.shard);
  const scheduler = auto?.task ?? schedulerTask(env);
  return {
    ...(scheduler ? { scheduler } : {}),
    ...(flags.results !== undefined ? { results: flags.results } : {}),
    ...(flags.datasetsDir !== undefined ? { datasetsDir: flags.datasetsDir } : {}),
    ...(flags.runName !== undefined ? { runName: flags.runName } : {}),
    ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
    ...(flags.sample !== undefined ? { sample: flags.sample } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(shard ? { shard } : {}),
    ...(flags.separateTeacherPasses ? { separateTeacherPasses: true } : {}),
    ...(flags.maxErrorRate !== undefined ? { maxErrorRate: flags.maxErrorRate } : {}),
    ...(flags.maxErrors !== undefined ? { maxErrors: flags.maxErrors } : {}),
    ...(flags.allowFailures !== undefined ? { allowFailures: flags.allowFailures } : {}),
    ...(flags.cache === false ? { cache: false } : {}),
  };
}
