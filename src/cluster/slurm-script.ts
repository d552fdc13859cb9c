// The batch script `gkt slurm` writes, and the sbatch commands that submit it: pure text from a description.
import { join } from 'node:path';
import { runFolderName } from '../results/layout.js';
import { shellLine, shellQuote } from './shell.js';

/** What one Slurm job asks for; unset fields are left to the cluster's defaults. */
export interface SlurmResources {
  partition?: string;
  account?: string;
  time?: string;
  gpusPerTask?: string;
  cpusPerTask?: number;
  mem?: string;
}

export interface SlurmSweep {
  /** The run's folder name without the shard: the sweep's name or --run-name. */
  run: string;
  /** Absolute path of the config on storage every node sees. */
  configPath: string;
  /** Absolute path of the results folder on storage every node sees. */
  resultsDir: string;
  shards: number;
  /** How a compute node runs gkt, as shell words. */
  gkt: string;
  /** Flags every task passes to `gkt run` (the selection, the run name). */
  runFlags: string[];
  /** Where the tasks' and the report's logs go. */
  logDir: string;
  /** Each task alone on its node: servers the config launches on fixed ports would collide with a neighbour's. */
  exclusive: boolean;
  resources: SlurmResources;
  /** Extra `#SBATCH` lines, as given (with or without the `#SBATCH` prefix). */
  extra: string[];
  /** Shell lines run before gkt (module load, a virtual environment). */
  setup: string[];
  /** Teacher passes and student cells as two arrays, each with its own resources. */
  pools: { teacher: SlurmResources; student: SlurmResources } | null;
  report: { partition?: string; time: string };
  /** For the header: the gkt version and the command that wrote the script. */
  writtenBy: string;
}

const reportFolder = (sweep: Pick<SlurmSweep, 'resultsDir' | 'run'>) => join(sweep.resultsDir, `${sweep.run}.report`);

const jobName = (sweep: SlurmSweep, role?: string) => `gkt-${sweep.run}${role ? `-${role}` : ''}`;

function resourceFlags(r: SlurmResources): string[] {
  return [
    ...(r.partition !== undefined ? [`--partition=${r.partition}`] : []),
    ...(r.account !== undefined ? [`--account=${r.account}`] : []),
    ...(r.time !== undefined ? [`--time=${r.time}`] : []),
    ...(r.gpusPerTask !== undefined ? [`--gpus-per-task=${r.gpusPerTask}`] : []),
    ...(r.cpusPerTask !== undefined ? [`--cpus-per-task=${r.cpusPerTask}`] : []),
    ...(r.mem !== undefined ? [`--mem=${r.mem}`] : []),
  ];
}

function directives(sweep: SlurmSweep): string[] {
  const extra = sweep.extra.map((line) => line.trim().replace(/^#SBATCH\s+/, ''));
  return [
    `--job-name=${jobName(sweep)}`,
    `--array=1-${sweep.shards}`,
    '--ntasks=1',
    `--output=${join(sweep.logDir, '%x-%A_%a.out')}`,
    // Two minutes before the time limit gkt is told to stop: requests in flight finish and are written down.
    '--signal=B:TERM@120',
    ...(sweep.exclusive ? ['--exclusive'] : []),
    ...resourceFlags(sweep.resources),
    ...extra,
  ].map((d) => `#SBATCH ${d}`);
}

/** Inside double quotes, only these characters are read by the shell. */
const inDoubleQuotes = (text: string) => text.replace(/["$`\\]/g, (c) => `\\${c}`);

/**
 * The sbatch command lines that submit the script at `path` (null: at the path a `$script` variable
 * holds), in order, and those that rerun one task I.
 */
export function submitCommands(sweep: SlurmSweep, path: string | null): { submit: string[]; rerun: string[] } {
  const script = path === null ? '"$script"' : shellQuote(path);
  // The report job runs the same file as a plain script: its #SBATCH lines (the array) are then comments.
  const wrap = (role: string) => `--wrap="bash \\"${path === null ? '$script' : inDoubleQuotes(path)}\\" ${role}"`;
  const report = [
    'sbatch',
    '--parsable',
    `--job-name=${jobName(sweep, 'report')}`,
    `--output=${join(sweep.logDir, '%x-%j.out')}`,
    '--kill-on-invalid-dep=yes',
    ...(sweep.report.partition !== undefined ? [`--partition=${sweep.report.partition}`] : []),
    ...(sweep.resources.account !== undefined ? [`--account=${sweep.resources.account}`] : []),
    `--time=${sweep.report.time}`,
  ];
  const after = (variable: string) => `--dependency=afterok:\${${variable}%%;*}`;
  const reportLine = (variable: string) => `${shellLine(report)} ${after(variable)} ${wrap('report')}`;
  if (sweep.pools === null) {
    return {
      submit: [`tasks=$(sbatch --parsable ${script}) && ${reportLine('tasks')}`],
      rerun: [`tasks=$(sbatch --parsable --array=I ${script}) && ${reportLine('tasks')}`],
    };
  }
  const pool = (role: 'teacher' | 'student') => shellLine(['sbatch', '--parsable', `--job-name=${jobName(sweep, role)}`, ...resourceFlags(sweep.pools![role])]);
  // Student task i starts as soon as teacher task i has succeeded: it reads the guidance from its shard's folder.
  const student = (array: string) => `${pool('student')}${array} --dependency=aftercorr:\${teacher%%;*} --kill-on-invalid-dep=yes ${script} student`;
  return {
    submit: [
      `teacher=$(${pool('teacher')} ${script} teacher) && students=$(${student('')}) && ${reportLine('students')}`,
    ],
    rerun: [
      `teacher=$(${pool('teacher')} --array=I ${script} teacher) && students=$(${student(' --array=I')}) && ${reportLine('students')}`,
      `students=$(${pool('student')} --array=I ${script} student) && ${reportLine('students')}`,
    ],
  };
}

export function slurmScript(sweep: SlurmSweep, path: string | null): string {
  const { submit, rerun } = submitCommands(sweep, path);
  const shardDirs = Array.from({ length: sweep.shards }, (_, i) => `"$results"/${shellQuote(runFolderName(sweep.run, { index: i + 1, count: sweep.shards }))}`);
  const run = (pool?: string) =>
    `exec "\${gkt[@]}" run "$config" --results "$results" --shard auto --shards "$shards"${pool ? ` --pool ${pool}` : ''}${sweep.runFlags.length > 0 ? ` ${shellLine(sweep.runFlags)}` : ''}`;
  const roles = sweep.pools === null ? ['run'] : ['teacher', 'student'];
  const lines = [
    '#!/bin/bash',
    sweep.pools === null
      ? `# gkt sweep "${sweep.run}" as a Slurm job array: task i runs shard i of ${sweep.shards}, starting and stopping its own servers.`
      : `# gkt sweep "${sweep.run}" as two Slurm job arrays on two GPU pools: task i of the first runs shard i's teacher passes,`,
    ...(sweep.pools === null ? [] : ['# task i of the second its student cells, reading the guidance the first recorded in the shard\'s folder.']),
    `# Shard 1 is recorded in ${join(sweep.resultsDir, runFolderName(sweep.run, { index: 1, count: sweep.shards }))}, and so on;`,
    `# one job then merges the shards into ${reportFolder(sweep)}. Written by ${sweep.writtenBy}.`,
    '#',
    '# Submit (the report job runs once every task has succeeded):',
    ...submit.map((line) => `#   ${line}`),
    '# A failed or cancelled task I is rerun alone, then the report again; the shard resumes, requesting only what is missing:',
    ...rerun.map((line) => `#   ${line}`),
    ...directives(sweep),
    '',
    'set -eo pipefail',
    ...(sweep.setup.length > 0 ? ['', '# Set up by --setup:', ...sweep.setup] : []),
    '',
    `gkt=(${sweep.gkt})`,
    `config=${shellQuote(sweep.configPath)}`,
    `results=${shellQuote(sweep.resultsDir)}`,
    `shards=${sweep.shards}`,
    '',
    'case "${1:-run}" in',
    ...roles.map((role) => `  ${role}) ${run(role === 'run' ? undefined : role)} ;;`),
    '  report)',
    '    dirs=(',
    ...shardDirs.map((dir) => `      ${dir}`),
    '    )',
    `    exec "\${gkt[@]}" report "\${dirs[@]}" --out ${shellQuote(reportFolder(sweep))} ;;`,
    `  *) echo "usage: sbatch $0 [${roles.join('|')}], or bash $0 report" >&2; exit 2 ;;`,
    'esac',
    '',
  ];
  return lines.join('\n');
}
