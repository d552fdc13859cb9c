// Figure 6: how long `gkt --help` takes to start and exit, with `node -e 0` beside it.
import type { Figure } from './figure.js';
import { GKT_BIN, runCommand } from './processes.js';
import { REPO_ROOT } from './paths.js';
import { median } from './stats.js';

export const STARTUP_RUNS = 7;

export async function measureStartup(runs = STARTUP_RUNS): Promise<Figure[]> {
  const gkt: number[] = [];
  const node: number[] = [];
  // Taking turns spreads the machine's drift over both.
  for (let i = 0; i < runs; i++) {
    const help = await runCommand(process.execPath, [GKT_BIN, '--help'], REPO_ROOT);
    if (help.code !== 0) throw new Error(`gkt --help exited with code ${help.code}: ${help.stderr.trim()}`);
    gkt.push(help.wallMs);
    node.push((await runCommand(process.execPath, ['-e', '0'], REPO_ROOT)).wallMs);
  }
  return [
    { id: 'startup.gkt-help-ms', group: 'Start-up', label: `gkt --help, median of ${runs}`, value: median(gkt), unit: 'ms' },
    { id: 'startup.node-ms', group: 'Start-up', label: `node -e 0, median of ${runs}`, value: median(node), unit: 'ms' },
  ];
}
