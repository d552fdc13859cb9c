// `gkt view`: every item of one or more runs in a browser, served read-only on loopback and updated as records arrive; or written as a static bundle.
import { constants } from 'node:os';
import { resolve } from 'node:path';
import { readAssets } from '../view/assets.js';
import { writeBundle } from '../view/bundle.js';
import { runRoots } from '../view/folder-guard.js';
import { LiveRun } from '../view/live-run.js';
import { openBrowser } from '../view/open-browser.js';
import { startViewServer } from '../view/server.js';
import { StoppedError, UsageError } from '../util/errors.js';
import type { CommandContext } from '../util/command-context.js';

export interface ViewOptions {
  host?: string;
  port?: number;
  open?: boolean;
  bundle?: string;
  /** Milliseconds between looks at the run's files. */
  poll?: number;
}

const DEFAULT_POLL_MS = 1000;

export async function viewCommand(runDirs: string[], options: ViewOptions, context: CommandContext): Promise<void> {
  if (runDirs.length === 0) throw new UsageError('view: give at least one run folder');
  const roots = await runRoots(runDirs.map((dir) => resolve(context.cwd, dir)));
  const assets = await readAssets();
  const say = (line: string): void => void context.stderr.write(`gkt: view: ${line}\n`);

  if (options.bundle !== undefined) {
    if (options.open === true) throw new UsageError('--open serves pages; --bundle writes them: use one or the other');
    const written = await writeBundle(roots, resolve(context.cwd, options.bundle), assets);
    // Absolute: a line copied into another shell or folder still finds it.
    const shown = written.dir;
    say(`${written.cells} cells, ${written.items} item pages, ${written.files} files (${(written.bytes / 1e6).toFixed(1)} MB) in ${shown}`);
    say(`open ${shown}/index.html, or put the folder on any static host`);
    return;
  }

  const run = await LiveRun.open(roots);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const server = await startViewServer({ host, port, run, assets }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') throw new UsageError(`--port ${port}: already in use on ${host}`, { hint: '--port 0 picks a free port' });
    if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') throw new UsageError(`--host ${host}: not an address of this machine`);
    throw error;
  });
  try {
    context.stdout.write(`${server.url}\n`);
    const { cells } = run.state.snapshot;
    say(`${cells.size} ${cells.size === 1 ? 'cell' : 'cells'} of ${run.state.snapshot.runs.join(', ')}; new records show as they arrive; Ctrl-C stops`);
    run.watch(options.poll ?? DEFAULT_POLL_MS);
    if (options.open === true) {
      const why = await openBrowser(server.url, process.platform, context.env);
      say(why === null ? 'opened in a browser' : `not opened in a browser: ${why}; open the URL above yourself`);
    }
    await new Promise<void>((done) => {
      if (context.signal.aborted) done();
      else context.signal.addEventListener('abort', () => done(), { once: true });
    });
  } finally {
    run.stop();
    await server.close();
  }
  const reason: unknown = context.signal.reason;
  const signal = typeof reason === 'string' ? constants.signals[reason as NodeJS.Signals] : undefined;
  throw new StoppedError('view: stopped', 128 + (signal ?? constants.signals.SIGINT));
}
