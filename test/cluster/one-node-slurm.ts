// A one-node Slurm cluster on loopback from Debian's packages, all of it in one temp folder: its own munge
// key and socket, slurm.conf, state, spool, logs and free ports. Nothing outside the folder is touched.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

export const SLURM_PROGRAMS = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'scancel', 'sinfo'];

export interface SlurmCluster {
  dir: string;
  /** The environment for sbatch, squeue and the rest: the test's own, with SLURM_CONF naming this cluster. */
  env: NodeJS.ProcessEnv;
  /** Runs a Slurm client command; throws with its output when it fails. */
  run(command: string, args: string[], options?: { cwd?: string }): string;
  /** Last lines of the daemons' logs, for a failure message. */
  logs(): string;
  stop(): Promise<void>;
}

/** Where each program is, or null: Debian puts the daemons in /usr/sbin, which a plain user's PATH may lack. */
export function findProgram(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of [...(env['PATH'] ?? '').split(':'), '/usr/sbin', '/sbin', '/usr/bin']) {
    if (dir !== '' && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tail(path: string, lines = 15): string {
  if (!existsSync(path)) return `(${path}: not written)`;
  return `${path}:\n${readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')}`;
}

export async function startSlurmCluster(): Promise<SlurmCluster> {
  const missing = SLURM_PROGRAMS.filter((name) => findProgram(name) === null);
  if (missing.length > 0) {
    throw new Error(`Slurm is not installed (no ${missing.join(', ')}): apt-get install -y slurm-wlm munge (bash .ci/run does)`);
  }
  // The daemons run as the user who starts them; slurmd launches jobs as their submitter, which takes root.
  if (process.getuid?.() !== 0) throw new Error('the one-node Slurm cluster runs its daemons as root: run the tests as root (CI does)');
  const dir = await mkdtemp(join(tmpdir(), 'gkt-slurm-'));
  // munged wants every folder above its socket searchable by all.
  await chmod(dir, 0o755);
  const children: ChildProcess[] = [];
  const path = (name: string) => join(dir, name);
  const env: NodeJS.ProcessEnv = { ...process.env, SLURM_CONF: path('slurm.conf') };
  const stopChildren = () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  // Should the test process itself be killed, the daemons go with it.
  process.once('exit', stopChildren);

  const daemon = (name: string, args: string[]): ChildProcess => {
    const child = spawn(findProgram(name)!, args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', () => undefined);
    children.push(child);
    return child;
  };
  const cluster: SlurmCluster = {
    dir,
    env,
    run(command, args, options = {}) {
      const result = spawnSync(findProgram(command) ?? command, args, { cwd: options.cwd ?? dir, env, encoding: 'utf8', timeout: 30_000 });
      if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: exit ${result.status}\n${result.stdout}${result.stderr}${result.error ?? ''}`);
      return result.stdout;
    },
    logs: () => [tail(path('slurmctld.log')), tail(path('slurmd.log')), tail(path('munged.log'), 5)].join('\n'),
    async stop() {
      try {
        // Jobs first, so that no job outlives the daemons that would clean it up.
        const jobs = spawnSync(findProgram('squeue')!, ['--noheader', '--format=%i'], { env, encoding: 'utf8', timeout: 10_000 }).stdout ?? '';
        if (jobs.trim() !== '') spawnSync(findProgram('scancel')!, jobs.trim().split(/\s+/), { env, timeout: 10_000 });
        for (let i = 0; i < 50; i++) {
          const left = spawnSync(findProgram('squeue')!, ['--noheader', '--format=%i'], { env, encoding: 'utf8', timeout: 10_000 }).stdout ?? '';
          if (left.trim() === '') break;
          await sleep(200);
        }
      } finally {
        for (const child of children.reverse()) child.kill('SIGTERM');
        for (let i = 0; i < 50 && children.some((c) => c.exitCode === null && c.signalCode === null); i++) await sleep(100);
        stopChildren();
        killStepDaemons(dir);
        process.removeListener('exit', stopChildren);
        await rm(dir, { recursive: true, force: true });
      }
    },
  };

  try {
    await writeFile(path('munge.key'), randomBytes(128), { mode: 0o600 });
    const munged = daemon('munged', [
      '--foreground', '--force',
      `--key-file=${path('munge.key')}`, `--socket=${path('munge.socket')}`, `--pid-file=${path('munged.pid')}`,
      `--log-file=${path('munged.log')}`, `--seed-file=${path('munged.seed')}`,
    ]);
    await waitFor(() => existsSync(path('munge.socket')), munged, 'munged', 10_000, cluster);

    const [controllerPort, nodePort] = [await freePort(), await freePort()];
    for (const name of ['state', 'spool']) await mkdir(path(name));
    const host = hostname();
    await writeFile(path('slurm.conf'), [
      'ClusterName=gkttest',
      `SlurmctldHost=${host}(127.0.0.1)`,
      `SlurmctldPort=${controllerPort}`,
      `SlurmdPort=${nodePort}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${path('munge.socket')}`,
      `StateSaveLocation=${path('state')}`,
      `SlurmdSpoolDir=${path('spool')}`,
      `SlurmctldPidFile=${path('slurmctld.pid')}`,
      `SlurmdPidFile=${path('slurmd.pid')}`,
      `SlurmctldLogFile=${path('slurmctld.log')}`,
      `SlurmdLogFile=${path('slurmd.log')}`,
      'MailProg=/bin/true',
      // No cgroups in a container: processes are tracked by their parents, tasks are not bound.
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'JobCompType=jobcomp/none',
      'MpiDefault=none',
      'SchedulerType=sched/builtin',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_CPU',
      'ReturnToService=2',
      'KillWait=10',
      // The node is taken as configured (4 CPUs, so both tasks of an array run at once on a 2-core machine).
      'SlurmdParameters=config_overrides',
      `NodeName=gktnode NodeHostname=${host} NodeAddr=127.0.0.1 CPUs=4 State=UNKNOWN`,
      'PartitionName=gkt Nodes=gktnode Default=YES MaxTime=INFINITE State=UP',
      '',
    ].join('\n'));
    const controller = daemon('slurmctld', ['-D', '-f', path('slurm.conf')]);
    const node = daemon('slurmd', ['-D', '-N', 'gktnode', '-f', path('slurm.conf')]);
    await waitFor(() => {
      const result = spawnSync(findProgram('sinfo')!, ['--noheader', '--format=%T'], { env, encoding: 'utf8', timeout: 5_000 });
      return result.status === 0 && result.stdout.trim() === 'idle';
    }, [controller, node], 'slurmctld and slurmd', 30_000, cluster);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

async function waitFor(ready: () => boolean, daemons: ChildProcess | ChildProcess[], what: string, timeoutMs: number, cluster: SlurmCluster): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (ready()) return;
    const dead = [daemons].flat().find((d) => d.exitCode !== null || d.signalCode !== null);
    if (dead !== undefined) throw new Error(`${what}: ${dead.spawnfile} exited (${dead.exitCode ?? dead.signalCode}) while starting\n${cluster.logs()}`);
    if (Date.now() > deadline) throw new Error(`${what}: not ready within ${timeoutMs / 1000} s\n${cluster.logs()}`);
    await sleep(200);
  }
}

/** Session id of a process, from /proc (the fields after the command name's closing parenthesis). */
function sessionOf(pid: string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
  } catch {
    return null;
  }
}

/**
 * slurmstepd leaves slurmd's session for one of its own, which the job's processes share: each left
 * over is found by the log file it holds open in this cluster's folder, and its session is killed.
 */
function killStepDaemons(dir: string): void {
  const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  const sessions = new Set<number>();
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('slurmstepd')) continue;
      const ours = readdirSync(`/proc/${pid}/fd`).some((fd) => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith(`${dir}/`);
        } catch {
          return false;
        }
      });
      const session = sessionOf(pid);
      if (ours && session !== null) sessions.add(session);
    } catch {
      // Gone already.
    }
  }
  sessions.delete(sessionOf(String(process.pid)) ?? -1);
  for (const pid of pids) {
    const session = sessionOf(pid);
    if (session === null || session <= 1 || !sessions.has(session)) continue;
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}
