// `--open`: hands the URL to the system's browser where there is one, and says plainly when there is none.
import { spawn } from 'node:child_process';

export interface Opener {
  command: string;
  args: string[];
}

/** Pure: how this system opens a URL, or why it cannot (a Linux server without a display, say). */
export function browserOpener(url: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): Opener | string {
  const browser = env['BROWSER']?.trim();
  if (browser) return { command: browser, args: [url] };
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url.replaceAll('&', '^&')] };
  if (!env['DISPLAY'] && !env['WAYLAND_DISPLAY']) return 'no display here (DISPLAY and WAYLAND_DISPLAY are unset) and no BROWSER set';
  return { command: 'xdg-open', args: [url] };
}

/** Seconds an opener may take to say it failed; one that is still going has launched the browser. */
const SETTLE_MS = 5_000;

/** Resolves to null when the browser was asked to open the URL, else to why not. */
export function openBrowser(url: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): Promise<string | null> {
  const opener = browserOpener(url, platform, env);
  if (typeof opener === 'string') return Promise.resolve(opener);
  return new Promise((resolve) => {
    const child = spawn(opener.command, opener.args, { stdio: 'ignore', detached: true, env });
    const timer = setTimeout(() => {
      child.unref();
      resolve(null);
    }, SETTLE_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve(`${opener.command} could not be started (${(error as NodeJS.ErrnoException).code ?? error.message})`);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? null : `${opener.command} exited with status ${code ?? 'none'}`);
    });
  });
}
