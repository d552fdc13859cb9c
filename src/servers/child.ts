// A server started by gkt: a child process whose output goes to a log file and which is stopped on the way out.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

export interface ChildServer {
  process: ChildProcess;
  logPath: string;
  /** Resolves when the process has exited (with its code or signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnSpec {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  logPath: string;
  /** Give the child an IPC channel so it can notice its parent is gone (gkt's own simulator does). */
  ipc?: boolean;
  /** Called with each stdout line before it goes to the log. */
  onStdoutLine?: (line: string) => void;
}

export function spawnServer(spec: SpawnSpec): ChildServer {
  const log: WriteStream = createWriteStream(spec.logPath, { flags: 'a' });
  log.write(`# ${new Date().toISOString()} ${[spec.command, ...spec.args].join(' ')}\n`);
  const child = spawn(spec.command, spec.args, {
    env: spec.env,
    cwd: spec.cwd,
    stdio: spec.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C at the terminal reaches gkt only, which then lets the server
    // finish the requests in flight before stopping it.
    detached: true,
  });
  log.write(`# pid ${child.pid ?? '(none)'}, process group of its own\n`);
  // Even when gkt leaves at once (a second Ctrl-C), the servers it started do not outlive it.
  const killOnExit = () => signalGroup(child, 'SIGTERM');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    log.write(chunk);
    if (!spec.onStdoutLine) return;
    buffered += chunk.toString('utf8');
    let newline;
    while ((newline = buffered.indexOf('\n')) !== -1) {
      spec.onStdoutLine(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => log.write(chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (error) => {
      log.write(`# could not start: ${error.message}\n`);
      resolve({ code: null, signal: null });
    });
    child.once('exit', (code, signal) => {
      log.write(`# exited with ${signal ?? code}\n`);
      resolve({ code, signal });
    });
  }).finally(() => log.end());
  return {
    process: child,
    logPath: spec.logPath,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) {
        await exited;
        return;
      }
      signalGroup(child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Signals the server's whole process group (it leads its own): a server that forks workers (vLLM's
 * tensor-parallel ranks, SGLang's schedulers) must not leave them holding the GPUs.
 */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/** The last lines of a log, to show why a server did not come up. */
export async function logTail(path: string, lines = 15): Promise<string> {
  try {
    const text = await readFile(path, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
