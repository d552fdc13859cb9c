// What a command may touch: its streams, working directory and environment, passed in, never read globally.

export interface CommandContext {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The command line as typed (after `gkt`), kept in the run's manifest. */
  argv?: string[];
  /** Aborted on the first Ctrl-C (SIGINT) or SIGTERM. */
  signal: AbortSignal;
}
