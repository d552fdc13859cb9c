// `gkt slurm`: a sweep as a ready-to-submit Slurm job array plus the report job that merges its shards.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { taskRunFlags } from '../cluster/run-flags.js';
import { shellLine } from '../cluster/shell.js';
import { slurmScript, submitCommands, type SlurmResources, type SlurmSweep } from '../cluster/slurm-script.js';
import { checkClusterSweep, launchedOnPorts } from '../sweep/cluster-check.js';
import { prepareOptions, prepareSweep } from '../sweep/prepare.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { UsageError } from '../util/errors.js';
import { packageRoot, packageVersion } from '../util/package-info.js';
import type { CommandContext } from '../util/command-context.js';

export interface SlurmOptions {
  shards: number;
  out?: string;
  results?: string;
  runName?: string;
  limit?: number;
  sample?: number;
  seed?: number;
  separateTeacherPasses?: boolean;
  cache?: boolean;
  partition?: string;
  account?: string;
  time?: string;
  gpusPerTask?: string;
  cpusPerTask?: number;
  mem?: string;
  sbatch?: string[];
  setup?: string[];
  gkt?: string;
  pools?: boolean;
  teacherPartition?: string;
  teacherGpusPerTask?: string;
  studentPartition?: string;
  studentGpusPerTask?: string;
  shareNodes?: boolean;
  reportPartition?: string;
  reportTime?: string;
}

const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

export async function slurmCommand(configPath: string, options: SlurmOptions, context: CommandContext): Promise<void> {
  const poolFlags = ['teacherPartition', 'teacherGpusPerTask', 'studentPartition', 'studentGpusPerTask'] as const;
  const stray = poolFlags.filter((flag) => options[flag] !== undefined);
  if (!options.pools && stray.length > 0) {
    throw new UsageError(`--${stray[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: only with --pools (teacher and student as two arrays)`);
  }
  const flags = { ...options, shard: undefined, shards: undefined };
  const prepared = await prepareSweep({ configPath }, prepareOptions(flags), context);
  for (const warning of checkClusterSweep(prepared, options.shards)) context.stderr.write(`gkt: warning: ${warning}\n`);
  const onPorts = launchedOnPorts(prepared);
  const exclusive = onPorts.length > 0 && !options.shareNodes;
  if (exclusive) {
    context.stderr.write(`gkt: ${onPorts.join(', ')} ${onPorts.length === 1 ? 'is' : 'are'} launched on fixed ports: each task gets its node to itself (--exclusive; --share-nodes to allow neighbours)\n`);
  }

  const resultsDir = prepared.resultsDir;
  const resources: SlurmResources = defined({
    partition: options.partition,
    account: options.account,
    time: options.time,
    gpusPerTask: options.gpusPerTask,
    cpusPerTask: options.cpusPerTask,
    mem: options.mem,
  });
  const sweep: SlurmSweep = {
    run: options.runName ?? prepared.sweep.name,
    configPath: prepared.configPath!,
    resultsDir,
    shards: options.shards,
    gkt: options.gkt ?? shellLine([process.execPath, join(packageRoot, 'bin', 'gkt')]),
    runFlags: taskRunFlags(options),
    logDir: join(resultsDir, 'slurm-logs'),
    exclusive,
    resources,
    extra: options.sbatch ?? [],
    setup: options.setup ?? [],
    pools: options.pools
      ? {
          teacher: defined({ partition: options.teacherPartition, gpusPerTask: options.teacherGpusPerTask }),
          student: defined({ partition: options.studentPartition, gpusPerTask: options.studentGpusPerTask }),
        }
      : null,
    report: defined({ partition: options.reportPartition ?? options.partition, time: options.reportTime ?? '01:00:00' }),
    writtenBy: `gkt ${packageVersion()} (gkt slurm ${context.argv?.slice(1).join(' ') ?? configPath})`,
  };
  // Slurm does not create the folder of a job's output file: a job whose log has nowhere to go fails at once.
  await mkdir(sweep.logDir, { recursive: true });

  const tasks = options.pools ? `two arrays of ${options.shards} tasks (teacher, then student)` : `an array of ${options.shards} tasks`;
  if (options.out === undefined) {
    context.stdout.write(slurmScript(sweep, null));
    const { submit } = submitCommands(sweep, null);
    context.stderr.write(`gkt: the script above runs ${tasks}, then the report; save it and submit with:\n  script=<the file it is saved in>\n${submit.map((l) => `  ${l}\n`).join('')}`);
    return;
  }
  const path = resolve(context.cwd, options.out);
  await writeFileAtomic(path, slurmScript(sweep, path));
  const { submit } = submitCommands(sweep, path);
  context.stderr.write(`gkt: wrote ${path}: ${tasks} over "${sweep.run}" into ${resultsDir}, then the report; submit with:\n`);
  context.stdout.write(`${submit.join('\n')}\n`);
}
