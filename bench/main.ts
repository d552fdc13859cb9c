// `npm run bench`: measures gkt's own cost next to its servers', prints a table, writes the figures as JSON and Markdown.
import { rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ArgsError, parseBenchArgs, USAGE, type Group } from './args.js';
import { gitState, machineNow, mergeReports, targetCount, withVerdicts, type BenchReport } from './bench-report.js';
import { measureClientOverhead } from './client-overhead.js';
import { measureClosingServers } from './closing-server.js';
import type { Figure } from './figure.js';
import { measurePaperSweep } from './paper-sweep.js';
import { REPO_ROOT } from './paths.js';
import { renderMarkdown, renderTable } from './render.js';
import { measureScale } from './scale.js';
import { measureScheduling } from './scheduling.js';
import { measureStartup } from './startup.js';
import { measureSweepCost } from './sweep-cost.js';
import { measureViewItems } from './view-items.js';
import { createWorkspace, type Workspace } from './workspace.js';

const MEASURES: Record<Group, { title: string; run: (ws: Workspace) => Promise<Figure[]> }> = {
  client: { title: 'client overhead against an instant server, and against servers that close their connections', run: async () => [...(await measureClientOverhead()), ...(await measureClosingServers())] },
  scheduling: { title: 'scheduling of a 1319-item teacher pass', run: measureScheduling },
  sweep: { title: 'teacher tokens of a guidance sweep', run: measureSweepCost },
  paper: { title: 'memory and rerun of a paper-size sweep', run: measurePaperSweep },
  scale: { title: 'memory of run, rerun and report at 1319, 13190 and 65950 items', run: measureScale },
  startup: { title: 'start-up', run: () => measureStartup() },
  view: { title: 'the viewer over 20,000 items', run: measureViewItems },
};

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseBenchArgs(argv, { out: join(REPO_ROOT, 'bench', 'results', 'latest.json'), doc: join(REPO_ROOT, 'BENCHMARKS.md') });
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    process.stderr.write(`bench: ${error.message}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // Minutes of measuring should not end on a folder that cannot be written: found out first.
  for (const file of [args.out, args.doc]) {
    if (file === null) continue;
    try {
      await mkdir(dirname(resolve(file)), { recursive: true });
    } catch (error) {
      process.stderr.write(`bench: ${file}: cannot create its folder (${(error as NodeJS.ErrnoException).code ?? String(error)})\n`);
      return 2;
    }
  }
  // Read first: minutes of measuring should not end on figures that cannot be merged.
  let earlier: BenchReport | null = null;
  if (args.merge) {
    try {
      earlier = await readReport(resolve(args.out!));
    } catch (error) {
      process.stderr.write(`bench: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const started = new Date();
  const clock = performance.now();
  const loadAtStart = loadavg();
  const ws = await createWorkspace();
  // Ctrl-C reaches the measured processes as well (one process group); the temporary folder goes with them.
  process.once('SIGINT', () => {
    if (!args.keep) rmSync(ws.dir, { recursive: true, force: true });
    process.exit(130);
  });
  const figures: Figure[] = [];
  try {
    for (const group of args.groups) {
      const measure = MEASURES[group];
      const at = performance.now();
      process.stderr.write(`bench: ${measure.title} …\n`);
      figures.push(...(await measure.run(ws)));
      process.stderr.write(`bench: ${measure.title}: ${((performance.now() - at) / 1000).toFixed(1)} s\n`);
    }
  } finally {
    if (args.keep) process.stderr.write(`bench: kept ${ws.dir}\n`);
    else await ws.remove();
  }
  const judged = withVerdicts(figures);
  const report: BenchReport = {
    command: argv.length === 0 ? 'npm run bench' : `npm run bench -- ${argv.join(' ')}`,
    started: started.toISOString(),
    seconds: (performance.now() - clock) / 1000,
    gkt: { version: await packageVersion(), ...(await gitState(REPO_ROOT)) },
    machine: machineNow(loadAtStart),
    figures: judged,
    targets: targetCount(judged),
    warnings: [...ws.warnings],
  };
  process.stdout.write(`${renderTable(report)}\n`);
  // Merged, the files keep every group not measured now as the last run of it measured it.
  const written = earlier === null ? report : mergeReports(earlier, report);
  if (args.out !== null) await writeOut(resolve(args.out), `${JSON.stringify(written, null, 2)}\n`);
  if (args.doc !== null) await writeOut(resolve(args.doc), renderMarkdown(written));
  return args.check && report.targets.met < report.targets.total ? 1 : 0;
}

async function readReport(path: string): Promise<BenchReport> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as BenchReport;
  } catch (error) {
    throw new Error(`--merge: cannot read the figures to merge into, ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
}

/** Read from the checkout: the bench's own compiled copy of src/ sits elsewhere than package.json. */
async function packageVersion(): Promise<string> {
  return (JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

async function writeOut(path: string, text: string): Promise<void> {
  await writeFile(path, text);
  process.stderr.write(`bench: wrote ${path}\n`);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}
