// End-to-end helpers: the gkt CLI called as a user calls it, sweep configs on the simulator, and readers for what a report wrote.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parseProfile } from '../../src/simulate/profile.js';
import { startSimulator } from '../../src/simulate/server.js';
import type { RunningSimulator } from '../../src/simulate/server.js';
import { ROOT, runCli, type CliResult } from '../helpers/cli.js';

export type { CliResult };

export { ROOT };
export const GSM8K = join(ROOT, 'datasets', 'fixtures', 'gsm8k-mini.jsonl');
export const CSQA = join(ROOT, 'datasets', 'fixtures', 'csqa-mini.jsonl');

/** `gkt …` as a user runs it, through the CLI's entry. */
export async function gkt(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  return runCli(args, { cwd: options.cwd, ...(options.env ? { env: options.env } : {}) });
}

export async function tempDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `gkt-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function writeJson(path: string, value: unknown): Promise<string> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
  return path;
}

/** A simulated model started by `gkt run` itself; fast enough that a sweep over the fixtures takes seconds. */
export function simulatedModel(model: string, label: string, simulate: Record<string, number>, extra: Record<string, unknown> = {}) {
  return { kind: 'simulated', model, label, ...extra, launch: { simulate: { slots: 4, decodeMsPerToken: 0.05, overheadMs: 1, ...simulate } } };
}

/** A simulator in this test process, for models gkt attaches to by URL (an API teacher, a faulty server). */
export async function startTestSimulator(profile: Record<string, unknown>): Promise<RunningSimulator> {
  const parsed = parseProfile({ datasets: [{ name: 'gsm8k', path: GSM8K }, { name: 'csqa', path: CSQA }], ...profile }, 'test profile');
  return startSimulator(parsed, { port: 0 });
}

export async function runSweep(cwd: string, config: Record<string, unknown>, args: string[] = [], env: Record<string, string> = {}): Promise<string> {
  const name = String(config['name']);
  const path = await writeJson(join(cwd, `${name}.json`), config);
  const result = await gkt(['run', path, '--results', join(cwd, 'results'), '--quiet', ...args], { cwd, env });
  if (result.code !== 0) throw new Error(`gkt run ${name} exited ${result.code}:\n${result.stderr}\n${result.stdout}`);
  const folder = /report: gkt report (\S+)/.exec(result.stdout + result.stderr)?.[1];
  if (folder === undefined) throw new Error(`gkt run ${name} named no run folder:\n${result.stderr}`);
  return folder;
}

export interface JsonlLine {
  type: string;
  [key: string]: any;
}

export async function readJsonl(path: string): Promise<JsonlLine[]> {
  return (await readFile(path, 'utf8')).split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as JsonlLine);
}

/** Every cell file of a run folder: its header's cell, its item records and its segments. */
export async function readCells(runDir: string): Promise<Map<string, { cell: any; items: JsonlLine[]; segments: JsonlLine[] }>> {
  const cells = new Map<string, { cell: any; items: JsonlLine[]; segments: JsonlLine[] }>();
  for (const name of (await readdir(join(runDir, 'cells'))).filter((n) => n.endsWith('.jsonl'))) {
    const lines = await readJsonl(join(runDir, 'cells', name));
    const cell = lines.find((l) => l.type === 'cell')?.['cell'];
    cells.set(cell.id, { cell, items: lines.filter((l) => l.type === 'item'), segments: lines.filter((l) => l.type === 'segment') });
  }
  return cells;
}

/** Wall seconds of a phase from its segment records: each session's start to its end. */
export function segmentSeconds(segments: readonly JsonlLine[]): number {
  let total = 0;
  const open = new Map<string, number>();
  for (const s of segments) {
    if (s['event'] === 'start') open.set(s['session'], s['at']);
    else if (open.has(s['session'])) {
      total += s['at'] - open.get(s['session'])!;
      open.delete(s['session']);
    }
  }
  return total / 1000;
}

export function readCsv(text: string): { header: string[]; rows: Array<Record<string, string>> } {
  const records = parse(text) as string[][];
  const [header = [], ...body] = records;
  return { header, rows: body.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? '']))) };
}

/**
 * Whether `text` is well-formed XML: balanced, properly nested tags, quoted attributes, and `&` only
 * in entities. Enough to tell that an SVG will load in a browser or an XML parser.
 */
export function xmlProblem(text: string): string | null {
  const stack: string[] = [];
  const token = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<\/?([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g;
  let match: RegExpExecArray | null;
  let roots = 0;
  while ((match = token.exec(text)) !== null) {
    const [whole, name, , selfClosing] = match;
    if (whole === '<') return `a stray "<" at ${match.index}`;
    if (whole.startsWith('&')) return `a bare "&" at ${match.index}`;
    if (name === undefined) continue;
    if (whole.startsWith('</')) {
      if (stack.pop() !== name) return `</${name}> closes nothing open at ${match.index}`;
    } else if (selfClosing !== '/') {
      if (stack.length === 0) roots += 1;
      stack.push(name);
    } else if (stack.length === 0) roots += 1;
  }
  if (stack.length > 0) return `<${stack.join('>, <')}> left open`;
  return roots === 1 ? null : `${roots} root elements`;
}

/** The aria labels of an SVG's marks of one kind (`point`, `bar`), as `field: value` records. */
export function markLabels(svg: string, kind: string): Array<Record<string, string>> {
  const labels: Array<Record<string, string>> = [];
  for (const match of svg.matchAll(/<path aria-label="([^"]*)"[^>]*aria-roledescription="([^"]*)"/g)) {
    if (match[2] !== kind) continue;
    const decoded = (match[1] ?? '').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'");
    labels.push(Object.fromEntries(decoded.split('; ').map((pair) => [pair.slice(0, pair.indexOf(': ')), pair.slice(pair.indexOf(': ') + 2)])));
  }
  return labels;
}
