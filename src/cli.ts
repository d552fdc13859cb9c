// The gkt command line: every command and its options (the cluster commands in cli-cluster.ts); each action loads its module on use.
import { Command, Option } from 'commander';
import { REPORT_FORMATS, collect, milliseconds, nonNegativeInt, positiveInt, rate, reportFormat, resultsFolder, runName, tokens } from './cli-values.js';
import { addClusterCommands } from './cli-cluster.js';
import { reportError } from './cli-exit.js';
import { listenOptions, oneCellFlagsGiven, selectionOptions } from './cli-options.js';
import { UsageError } from './util/errors.js';
import { packageVersion } from './util/package-info.js';
import type { CommandContext } from './util/command-context.js';
import { closeConnections } from './models/connection-owners.js';
import { POOLS } from './cluster/pools.js';
import { RULE_NAMES, SERVER_KINDS } from './vocabulary.js';
import type { DatasetsFetchOptions, DatasetsListOptions } from './commands/datasets.js';
import type { ExtractOptions } from './commands/extract.js';
import type { PlanOptions } from './commands/plan.js';
import type { ReportOptions } from './commands/report.js';
import type { RunOptions } from './commands/run.js';
import type { ServeOptions } from './commands/serve.js';
import type { ViewOptions } from './commands/view.js';

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

  addClusterCommands(program, context);

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
