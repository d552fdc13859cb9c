// The gkt command line: the whole command surface in one place; each action loads its module on use.
import { Command, CommanderError, Option } from 'commander';
import {
  REPORT_FORMATS,
  collect,
  milliseconds,
  nonNegativeInt,
  port,
  positiveInt,
  rate,
  reportFormat,
  resultsFolder,
  runName,
  tokens,
} from './cli-values.js';
import { FailedItemsError, GktError, StoppedError, UsageError } from './util/errors.js';
import { packageVersion } from './util/package-info.js';
import { fsProblem } from './results/fs-problem.js';
import type { CommandContext } from './util/command-context.js';
import { closeConnections } from './models/connection-owners.js';
import { SHARDS_VARIABLE } from './cluster/shard-env.js';
import { POOLS } from './cluster/pools.js';
import { RULE_NAMES, SERVER_KINDS } from './vocabulary.js';
import type { DatasetsFetchOptions, DatasetsListOptions } from './commands/datasets.js';
import type { ExtractOptions } from './commands/extract.js';
import type { PlanOptions } from './commands/plan.js';
import type { ReportOptions } from './commands/report.js';
import type { RunOptions } from './commands/run.js';
import type { ServeOptions } from './commands/serve.js';
import type { SlurmOptions } from './commands/slurm.js';
import type { K8sOptions } from './commands/k8s.js';
import type { ViewOptions } from './commands/view.js';

/** The one-cell flags typed on the command line; a config file sets all of these itself. */
function oneCellFlagsGiven(command: Command): string[] {
  return command.options
    .filter((option) => option.description.startsWith('one-cell mode') && command.getOptionValueSource(option.attributeName()) === 'cli')
    .map((option) => option.long ?? option.flags);
}

function selectionOptions(command: Command): Command {
  return command
    .addOption(new Option('--limit <n>', 'use only the first n items of each dataset').argParser(positiveInt).conflicts('sample'))
    .option('--sample <n>', 'use n items drawn at random (with --seed)', positiveInt)
    .option('--seed <s>', 'seed for --sample and for request seeds', nonNegativeInt)
    .option('--shard <i/n|auto>', 'run shard i of n (1-based), splitting items across machines; auto: the shard a Slurm array task or Kubernetes Indexed Job pod stands for')
    .option('--shards <n>', `with --shard auto: the number of shards, where the scheduler does not say it (Kubernetes; or ${SHARDS_VARIABLE}=n)`, positiveInt)
    .option('--datasets-dir <dir>', 'where datasets without a path are read, as `gkt datasets fetch --dir` puts them (default: the datasets/ folder of gkt)');
}

/** Where a command that serves pages or a model listens. */
function listenOptions(command: Command): Command {
  return command
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', port, 0);
}

export function buildProgram(context: CommandContext): Command {
  const program = new Command()
    .name('gkt')
    .description('Guidance-based Knowledge Transfer benchmark harness: a teacher writes the first N tokens, a student completes.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => context.stdout.write(s),
      writeErr: (s) => context.stderr.write(s),
      // Every refusal starts `gkt: `, whether commander or a command found the problem.
      outputError: (s, write) => write(s.replace(/^error: /, 'gkt: ')),
    });

  selectionOptions(
    program
      .command('run')
      .description('run a sweep from a config file, or one cell from flags, recording every item')
      .argument('[config]', 'sweep config (JSON); see configs/ for examples')
      .option('--results <dir>', 'results folder (default: ./results)', resultsFolder(context.cwd))
      .option('--run-name <name>', 'name of the run folder (default: the config name)', runName)
      .option('--dataset <name>', 'one-cell mode: gsm8k or csqa')
      .option('--dataset-path <file>', 'one-cell mode: the dataset file (default: the one `gkt datasets fetch` put in place)')
      .option('--teacher-url <url>', 'one-cell mode: teacher base URL, e.g. http://127.0.0.1:8000/v1')
      .option('--teacher-model <id>', 'one-cell mode: teacher model id')
      .option('--teacher-kind <kind>', `one-cell mode: teacher server kind (${SERVER_KINDS.join(', ')})`)
      .option('--student-url <url>', 'one-cell mode: student base URL')
      .option('--student-model <id>', 'one-cell mode: student model id')
      .option('--student-kind <kind>', 'one-cell mode: student server kind')
      .option('--guidance <n>', 'one-cell mode: guidance length N in teacher tokens', positiveInt)
      .option('--output-length <n>', 'one-cell mode: student output length L', positiveInt)
      .option('--projection <p>', 'one-cell mode: cutoff, concise or hint')
      .option('--batch <n>', 'one-cell mode: teacher batch size B', positiveInt)
      .option('--mode <mode>', 'one-cell mode: faithful (no stop, full L) or practical (stop at the next "\\nQ:")')
      .option('--no-baselines', 'one-cell mode: skip the single-model baselines (student alone, teacher alone)')
      .option('--retry-errors', 'redo items whose requests failed')
      .option('--join-run', "add this config's cells to a run folder that holds another config's sweep (refused otherwise)")
      .option('--no-cache', 'neither read nor write the response cache')
      .option('--separate-teacher-passes', 'one teacher pass per guidance length (exact paper timing)')
      .option('--max-error-rate <r>', 'stop a phase when more than this fraction of its requests failed', rate)
      .option('--max-errors <n>', 'stop a phase after this many failed requests', nonNegativeInt)
      .option('--allow-failures <r>', `exit 0 though up to this fraction of the run's items failed (default 0: any failed item exits 3)`, rate)
      .option('--quiet', 'no progress display')
      .addOption(new Option('--pool <pool>', 'only one GPU pool\'s phases: teacher (teacher passes, teachers alone) or student (the rest, reading the teacher passes this run folder holds)').choices(POOLS))
      .action(async (config: string | undefined, options: RunOptions, command: Command) => {
        const given = oneCellFlagsGiven(command);
        if (config !== undefined && given.length > 0) {
          const [what, it] = given.length > 1 ? ['one-cell flags', 'them'] : ['a one-cell flag', 'it'];
          throw new UsageError(`${given.join(', ')}: ${what}, not used with a config file (${config}); set ${it} in the config`);
        }
        const { runCommand } = await import('./commands/run.js');
        await runCommand(config, options, context);
      }),
  );

  selectionOptions(
    program
      .command('plan')
      .description('print the cells a config expands to, their request and token estimates, and what is done')
      .argument('<config>', 'sweep config (JSON)')
      .option('--results <dir>', 'results folder (default: ./results)', resultsFolder(context.cwd))
      .option('--run-name <name>', 'name of the run folder (default: the config name)', runName)
      .option('--separate-teacher-passes', 'one teacher pass per guidance length')
      .option('--json', 'print the plan as JSON')
      .action(async (config: string, options: PlanOptions) => {
        const { planCommand } = await import('./commands/plan.js');
        await planCommand(config, options, context);
      }),
  );

  program
    .command('slurm')
    .description('write a Slurm batch script: an array of tasks, each running one shard with its own servers, then a job merging the report')
    .argument('<config>', 'sweep config (JSON), on storage every node sees')
    .addOption(new Option('--shards <n>', 'array tasks, one shard each').argParser(positiveInt).makeOptionMandatory())
    .option('-o, --out <file>', 'write the script here and print the sbatch commands (default: the script to standard output)')
    .option('--results <dir>', 'results folder on storage every node sees (default: ./results)', resultsFolder(context.cwd))
    .option('--run-name <name>', 'name of the run folders (default: the config name)', runName)
    .addOption(new Option('--limit <n>', 'use only the first n items of each dataset').argParser(positiveInt).conflicts('sample'))
    .option('--sample <n>', 'use n items drawn at random (with --seed)', positiveInt)
    .option('--seed <s>', 'seed for --sample and for request seeds', nonNegativeInt)
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
    .option('--run-name <name>', 'name of the run folders (default: the config name)', runName)
    .addOption(new Option('--limit <n>', 'use only the first n items of each dataset').argParser(positiveInt).conflicts('sample'))
    .option('--sample <n>', 'use n items drawn at random (with --seed)', positiveInt)
    .option('--seed <s>', 'seed for --sample and for request seeds', nonNegativeInt)
    .option('--separate-teacher-passes', 'one teacher pass per guidance length (exact paper timing)')
    .option('--no-cache', 'neither read nor write the response cache')
    .action(async (config: string, options: K8sOptions) => {
      const { k8sCommand } = await import('./commands/k8s.js');
      await k8sCommand(config, options, context);
    });

  program
    .command('report')
    .description("turn result records into the paper's tables and figures")
    .argument('<run-dir...>', 'one or more run folders (shards of one run are merged)')
    .addOption(new Option('-f, --format <format>', `output format, repeatable: ${REPORT_FORMATS.join(', ')}`).argParser(reportFormat))
    .option('-o, --out <dir>', 'write files here (default: <first run-dir>/report)')
    .option('--rule <rule>', `extraction rule for the headline ACC: ${RULE_NAMES.join(', ')}`)
    .option('--prices <file>', 'price sheet (CSV: model,input_per_1k,output_per_1k,gpu_hour)')
    .option('--table <name>', 'only this table (2, 3, 4, 5, 6, guidance, shots, repeats, paired, cost, cloud-edge, methods, cells)')
    .option('--allow-missing-shards', 'report the shards given when some of their run are missing, marking every table incomplete')
    .action(async (runDirs: string[], options: ReportOptions) => {
      const { reportCommand } = await import('./commands/report.js');
      await reportCommand(runDirs, options, context);
    });

  listenOptions(
    program
      .command('view')
      .description('browse every item of one or more runs in a browser, live while they run; or write the pages as a static bundle')
      .argument('<run-dir...>', 'one or more run folders (shards of one run are merged)'),
  )
    .option('--open', 'open the pages in a browser, where there is one')
    .option('--bundle <dir>', 'write the pages as static files to this folder (they open from disk) instead of serving them')
    .addOption(new Option('--poll <ms>', 'milliseconds between looks at the run folders for new records').argParser(positiveInt).hideHelp())
    .action(async (runDirs: string[], options: ViewOptions) => {
      const { viewCommand } = await import('./commands/view.js');
      await viewCommand(runDirs, options, context);
    });

  program
    .command('extract')
    .description('read a completion on stdin and print what each extraction rule finds')
    .addOption(new Option('--dataset <name>', 'gsm8k or csqa').choices(['gsm8k', 'csqa']).makeOptionMandatory())
    .option('--shots <n>', 'exemplars in the prompt (reference rule; default 8 for gsm8k, 7 for csqa)', nonNegativeInt)
    .option('--prompt <file>', 'the prompt the completion followed (reference rule reads it too)')
    .option('--gold <answer>', 'also say whether each answer is correct')
    .option('--seed <s>', 'seed for the reference rule\'s random fallback', nonNegativeInt)
    .option('--json', 'print JSON')
    .option('--jsonl', 'read JSON lines ({"completion", "gold"?, "id"?}) and print one JSON line of results for each')
    .action(async (options: ExtractOptions) => {
      const { extractCommand } = await import('./commands/extract.js');
      await extractCommand(options, context);
    });

  listenOptions(
    program
      .command('serve')
      .description('serve a simulated OpenAI-compatible model on loopback (no GPU needed)')
      .option('--simulate', 'required: the only server gkt ships is the simulator'),
  )
    .option('--model <id>', 'served model id (default: sim-model)')
    .option('--accuracy <p>', 'chance an unguided answer is right (default: 0.5)', rate)
    .option('--dataset <[name=]file>', 'dataset whose items the simulator knows: gsm8k=FILE, csqa=FILE, or FILE (told by its first record); repeatable, adds to the profile\'s', collect)
    .option('--help-horizon <tokens>', 'guidance length that fully decides the answer (default: 40)', tokens)
    .option('--slots <n>', 'requests decoded at once; more wait in a queue (default: 16)', positiveInt)
    .option('--prefill-ms <ms>', 'prefill time per prompt token (default: 0)', milliseconds)
    .option('--decode-ms <ms>', 'decode time per generated token (default: 0)', milliseconds)
    .option('--overhead-ms <ms>', 'fixed time added to every request (default: 0)', milliseconds)
    .option('--context-length <n>', 'prompt plus completion tokens allowed (default: 4096)', positiveInt)
    .option('--profile <file>', 'simulator profile (JSON); flags given with it override its fields')
    .option('--verbose', 'log one line per request to stderr')
    .action(async (options: ServeOptions) => {
      const { serveCommand } = await import('./commands/serve.js');
      await serveCommand(options, context);
    });

  const datasets = program.command('datasets').description('fetch and check the benchmark datasets');
  datasets
    .command('fetch')
    .description('download a dataset from its public source (or import a local copy) and verify its sha256')
    .argument('<name>', 'gsm8k or csqa')
    .option('--from <dir>', 'import from a local folder instead of downloading')
    .option('--dir <dir>', 'where datasets live (default: the datasets/ folder of gkt)')
    .option('--url <url>', 'download from this URL instead of the public source')
    .action(async (name: string, options: DatasetsFetchOptions) => {
      const { datasetsFetchCommand } = await import('./commands/datasets.js');
      await datasetsFetchCommand(name, options, context);
    });
  datasets
    .command('list')
    .description('list known datasets, where they live, and whether they are present and verified')
    .option('--dir <dir>', 'where datasets live (default: the datasets/ folder of gkt)')
    .action(async (options: DatasetsListOptions) => {
      const { datasetsListCommand } = await import('./commands/datasets.js');
      await datasetsListCommand(options, context);
    });

  return program;
}

/** Runs the CLI; resolves to the exit code. Errors never escape: each kind maps to one exit code. */
export async function main(argv: string[], context: CommandContext): Promise<number> {
  const program = buildProgram(context);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(error, context);
  } finally {
    // Probes, chat templates and other requests sent under the command's own signal: no connection outlives it.
    await closeConnections(context.signal);
  }
}

function reportError(error: unknown, context: CommandContext): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; help and version exit 0.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return 2;
  }
  if (error instanceof StoppedError || error instanceof FailedItemsError) {
    context.stderr.write(`gkt: ${error.message}\n`);
    if (error.hint) context.stderr.write(`  ${error.hint}\n`);
    return error.exitCode;
  }
  if (error instanceof UsageError) {
    context.stderr.write(`gkt: ${error.message}\n`);
    if (error.hint) context.stderr.write(`  ${error.hint}\n`);
    return 2;
  }
  if (error instanceof GktError) {
    context.stderr.write(`gkt: ${error.message}\n`);
    if (error.hint) context.stderr.write(`  ${error.hint}\n`);
    return 1;
  }
  // The file system refusing a path (a loop, no permission, a full disk): one line, not a stack trace.
  const fs = fsProblem(error);
  if (fs !== null) {
    context.stderr.write(`gkt: ${fs.message}\n`);
    return fs.exitCode;
  }
  context.stderr.write(`gkt: internal error (a bug; please report it with the lines below)\n`);
  context.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
