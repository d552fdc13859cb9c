// `gkt serve --simulate`: runs the simulated OpenAI-compatible server until the command is aborted.
import { UsageError } from '../util/errors.js';
import { resolveServeProfile } from '../simulate/serve-profile.js';
import type { ServeProfileFlags } from '../simulate/serve-profile.js';
import { startSimulator } from '../simulate/server.js';
import type { CommandContext } from '../util/command-context.js';

export interface ServeOptions extends ServeProfileFlags {
  simulate?: boolean;
  host?: string;
  port?: number;
  /** Log one line per request to stderr. */
  verbose?: boolean;
}

/** Prints one line, `gkt simulator listening on http://HOST:PORT/v1 model=ID`, which launchers wait for. */
export async function serveCommand(options: ServeOptions, context: CommandContext): Promise<void> {
  if (options.simulate !== true) {
    throw new UsageError('gkt serve runs only the simulator: add --simulate', {
      hint: 'real servers are started with their own commands (vllm serve, python -m sglang.launch_server, llama-server, text-generation-launcher, ollama serve)',
    });
  }
  const profile = await resolveServeProfile(options, context.cwd);
  const log = options.verbose === true ? (line: string) => void context.stderr.write(`${line}\n`) : undefined;
  const simulator = await startSimulator(profile, { host: options.host ?? '127.0.0.1', port: options.port ?? 0, log });
  context.stdout.write(`gkt simulator listening on ${simulator.url} model=${profile.model}\n`);
  await new Promise<void>((resolve) => {
    if (context.signal.aborted) resolve();
    else context.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await simulator.close();
}
