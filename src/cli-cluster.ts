// The commands that write a cluster's job files: a Slurm batch script, a Kubernetes manifest.
import { Option, type Command } from 'commander';
import { collect, positiveInt, resultsFolder, runName } from './cli-values.js';
import { itemOptions } from './cli-options.js';
import type { CommandContext } from './util/command-context.js';
import type { K8sOptions } from './commands/k8s.js';
import type { SlurmOptions } from './commands/slurm.js';

export function addClusterCommands(program: Command, context: CommandContext): void {
  itemOptions(
    program
      .command('slurm')
      .description('write a Slurm batch script: an array of tasks, each running one shard with its own servers, then a job merging the report')
      .argument('<config>', 'sweep config (JSON), on storage every node sees')
      .addOption(new Option('--shards <n>', 'array tasks, one shard each').argParser(positiveInt).makeOptionMandatory())
      .option('-o, --out <file>', 'write the script here and print the sbatch commands (default: the script to standard output)')
      .option('--results <dir>', 'results folder on storage every node sees (default: ./results)', resultsFolder(context.cwd))
      .option('--run-name <name>', 'name of the run folders (default: the config name)', runName),
  )
    .option('--separate-teacher-passes', 'one teacher pass per guidance length (exact paper timing)')
    .option('--no-cache', 'neither read nor write the response cache')
    .option('--partition <name>', 'partition of every task')
    .option('--account <name>', 'account charged')
    .option('--time <limit>', 'time limit of each task, e.g. 12:00:00')
    .option('--gpus-per-task <n>', 'GPUs per task, e.g. 4 or a100:4')
    .option('--cpus-per-task <n>', 'CPUs per task', positiveInt)
    .option('--mem <size>', 'memory per task, e.g. 64G')
    .option('--sbatch <line>', 'an extra #SBATCH line, e.g. "--constraint=a100" (repeatable)', collect)
    .option('--setup <line>', 'a shell line each job runs first, e.g. "module load cuda" (repeatable)', collect)
    .option('--gkt <command>', 'how a compute node runs gkt, as shell words (default: this node and this gkt, by absolute path)')
    .option('--pools', 'teacher passes and student cells as two dependent arrays, on two GPU pools')
    .option('--teacher-partition <name>', 'with --pools: partition of the teacher array')
    .option('--teacher-gpus-per-task <n>', 'with --pools: GPUs per teacher task')
    .option('--student-partition <name>', 'with --pools: partition of the student array')
    .option('--student-gpus-per-task <n>', 'with --pools: GPUs per student task')
    .option('--share-nodes', 'let tasks share a node even when the config launches servers on fixed ports')
    .option('--report-partition <name>', 'partition of the report job (default: --partition)')
    .option('--report-time <limit>', 'time limit of the report job (default: 01:00:00)')
    .action(async (config: string, options: SlurmOptions) => {
      const { slurmCommand } = await import('./commands/slurm.js');
      await slurmCommand(config, options, context);
    });

  itemOptions(
    program
      .command('k8s')
      .description('write a Kubernetes manifest: an Indexed Job whose pods each run one shard, then a report Job')
      .argument('<config>', 'sweep config (JSON)')
      .addOption(new Option('--shards <n>', 'completions of the Indexed Job, one shard each').argParser(positiveInt).makeOptionMandatory())
      .addOption(new Option('--image <image>', 'container image holding node and gkt (and the servers the config launches)').makeOptionMandatory())
      .addOption(new Option('--claim <pvc>', 'PersistentVolumeClaim (ReadWriteMany) holding the results').makeOptionMandatory())
      .option('-o, --out <file>', 'write the manifest here and print the kubectl commands (default: the manifest to standard output)')
      .option('--parallelism <n>', 'pods running at once (default: all)', positiveInt)
      .option('--namespace <name>', 'namespace of both Jobs')
      .option('--config-path <path>', 'the config\'s path inside the container (default: as given)')
      .option('--workdir <dir>', 'working folder of the containers (default: the image\'s)')
      .option('--mount <dir>', 'where the results volume is mounted (default: /results)')
      .option('--gpus <n>', 'GPUs of the gkt container, for servers it launches itself', positiveInt)
      .option('--sidecar <model=image>', 'run this model\'s launch command in a sidecar of this image (repeatable)', collect)
      .option('--sidecar-gpus <model=n>', 'GPUs of a sidecar (repeatable)', collect)
      .option('--run-name <name>', 'name of the run folders (default: the config name)', runName),
  )
    .option('--separate-teacher-passes', 'one teacher pass per guidance length (exact paper timing)')
    .option('--no-cache', 'neither read nor write the response cache')
    .action(async (config: string, options: K8sOptions) => {
      const { k8sCommand } = await import('./commands/k8s.js');
      await k8sCommand(config, options, context);
    });
}
