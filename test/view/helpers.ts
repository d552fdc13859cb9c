// For the viewer's tests: the smoke run in a temporary folder, `gkt view` started as a user starts it, raw HTTP, and a real browser.
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startUrlProcess, type UrlProcess } from '../../bench/url-process.js';
import { BIN, ROOT, runCli } from '../helpers/cli.js';

export const CHROMIUM = '/usr/bin/chromium';
export const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

/** CI installs Chromium (.ci/run); elsewhere the browser tests skip where it is missing, and say so. */
export const HAVE_CHROMIUM = existsSync(CHROMIUM) || process.env['CI'] === 'true';

/** Runs the smoke config (two simulated servers, both datasets) into a new temporary folder; returns the run folder. */
export async function runSmoke(): Promise<{ dir: string; run: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'gkt-view-'));
  const result = await runCli(['run', join(ROOT, 'configs', 'smoke.json'), '--results', join(dir, 'results'), '--quiet'], { cwd: dir });
  if (result.code !== 0) throw new Error(`gkt run smoke exited ${result.code}:\n${result.stderr}`);
  return { dir, run: join(dir, 'results', 'smoke') };
}

export async function copyRun(from: string, to: string): Promise<string> {
  await cp(from, to, { recursive: true });
  return to;
}

/** The cell ids of a run folder whose header says `kind`, in file-name order. */
export async function cellIds(run: string, kind: 'gkt' | 'single', dataset = 'gsm8k'): Promise<string[]> {
  const ids: string[] = [];
  for (const name of (await readdir(join(run, 'cells'))).sort()) {
    const header = JSON.parse((await readFile(join(run, 'cells', name), 'utf8')).split('\n')[0] ?? '{}') as { cell?: { id: string; kind: string; dataset: { name: string } } };
    if (header.cell?.kind === kind && header.cell.dataset.name === dataset) ids.push(header.cell.id);
  }
  return ids;
}

/** Rewrites one item record of a cell file in place (a fixture: hostile texts, say). */
export async function editRecord(run: string, cell: string, item: string, edit: (record: Record<string, any>) => void): Promise<void> {
  const path = join(run, 'cells', `${cell}.jsonl`);
  const lines = (await readFile(path, 'utf8')).split('\n');
  const out = lines.map((line) => {
    if (line.trim() === '') return line;
    const record = JSON.parse(line) as Record<string, any>;
    if (record['type'] !== 'item' || record['item'] !== item) return line;
    edit(record);
    return JSON.stringify(record);
  });
  await writeFile(path, out.join('\n'));
}

export type Viewer = UrlProcess;

/** `gkt view ARGS` until its first line of output: the URL. */
export function startViewer(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Viewer> {
  return startUrlProcess(BIN, ['view', ...args], { cwd: options.cwd ?? ROOT, timeoutMs: 30_000, ...(options.env ? { env: options.env } : {}) });
}

/** One request sent byte for byte as written: no client tidies `..` or `%2e` away first. */
export function rawGet(url: string, target: string, headers: Record<string, string> = {}): Promise<{ status: number; head: string; body: string }> {
  const { hostname, port, host } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const split = data.indexOf('\r\n\r\n');
      const head = data.slice(0, split);
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0), head, body: data.slice(split + 4) });
    });
    const lines = [`GET ${target} HTTP/1.1`, `Host: ${headers['Host'] ?? host}`, 'Connection: close', ...Object.entries(headers).filter(([k]) => k !== 'Host').map(([k, v]) => `${k}: ${v}`)];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}
