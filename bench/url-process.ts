// A gkt command that serves until stopped (`gkt view`), started in its own process and waited for until its first line: the URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface UrlProcess {
  url: string;
  /** From spawning to the URL printed. */
  startMs: number;
  child: ChildProcess;
  stderr(): string;
  /** Ctrl-C (SIGINT), then the exit code. */
  stop(): Promise<number | null>;
}

export function startUrlProcess(bin: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<UrlProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gkt ${args.join(' ')} printed no URL in ${options.timeoutMs / 1000} s:\n${stderr}`));
    }, options.timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gkt ${args.join(' ')} exited (${code}) before printing a URL:\n${stderr}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const newline = stdout.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      resolve({
        url: stdout.slice(0, newline),
        startMs: performance.now() - started,
        child,
        stderr: () => stderr,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
          return exited;
        },
      });
    });
  });
}
