// Figure 7: `gkt view` over a 20,000-item run: its start-up, and the time to first render of a cell's items page in headless Chromium.
import { existsSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser } from 'playwright-core';
import type { Figure } from './figure.js';
import { GKT_BIN, runGkt, startSimulatorPair } from './processes.js';
import { startUrlProcess } from './url-process.js';
import { MB, median } from './stats.js';
import { readRunContents, recordFilePath } from '../src/results/read-run.js';
import { LiveRun } from '../src/view/live-run.js';
import { STUDENT_ID, TEACHER_ID } from './sweep-configs.js';
import { writeSyntheticGsm8k } from './synthetic-gsm8k.js';
import type { Workspace } from './workspace.js';
import type { CellsPayload } from '../src/view/api-types.js';

const VIEW_ITEMS = 20_000;
const CHROMIUM = '/usr/bin/chromium';
const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const RENDERS = 5;

/** One GKT cell and the student alone, on the generated items: the items page pairs them. */
function viewConfig(dataset: string, teacherUrl: string, studentUrl: string): Record<string, unknown> {
  return {
    name: 'view-20k',
    seed: 1,
    models: {
      teacher: { kind: 'simulated', url: teacherUrl, model: TEACHER_ID, label: 'SimTeacher-13B', batch: 24, contextLength: 4096 },
      student: { kind: 'simulated', url: studentUrl, model: STUDENT_ID, label: 'SimStudent-7B', contextLength: 4096 },
    },
    datasets: [{ name: 'gsm8k', path: dataset, outputLengths: [200] }],
    pairs: [{ teacher: 'teacher', student: 'student', guidance: [40] }],
    baselines: { studentAlone: true, teacherAlone: false, teacherAloneBatched: false },
    cache: false,
    requests: { timeoutSeconds: 120, graceSeconds: 5 },
  };
}

/** A user reads the list for a second, then opens its first item: milliseconds from the click to the answer on screen. */
async function openFromList(browser: Browser, url: string): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(url);
    await page.locator('[data-testid=items] tbody a').first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.waitForTimeout(1000);
    const at = performance.now();
    await page.locator('[data-testid=items] tbody a').first().click();
    await page.locator('[data-testid=answer]').waitFor({ state: 'visible', timeout: 60_000 });
    return performance.now() - at;
  } finally {
    await page.close();
  }
}

/** The viewer's heap once it has read the run (this process, collected twice): the index, not the texts. */
async function heapAfterOpen(runDir: string): Promise<{ heapMb: number; filesMb: number }> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const before = process.memoryUsage().heapUsed;
  const live = await LiveRun.open([runDir]);
  gc();
  gc();
  const heap = process.memoryUsage().heapUsed - before;
  live.stop();
  let files = 0;
  const { passIds, cellIds } = await readRunContents(runDir, { prompts: false });
  for (const [kind, ids] of [['pass', passIds], ['cell', cellIds]] as const) for (const id of ids) files += (await stat(recordFilePath(runDir, kind, id))).size;
  return { heapMb: heap / MB, filesMb: files / MB };
}

/** Milliseconds from asking for the page in a fresh tab until `selector` is on screen; the median of `renders`. */
async function firstRender(browser: Browser, url: string, selector: string, renders = RENDERS): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < renders; i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const at = performance.now();
    await page.goto(url);
    await page.locator(selector).first().waitFor({ state: 'visible', timeout: 60_000 });
    times.push(performance.now() - at);
    await page.close();
  }
  return median(times);
}

export async function measureViewItems(ws: Workspace): Promise<Figure[]> {
  if (!existsSync(CHROMIUM)) {
    ws.warnings.add(`view: ${CHROMIUM} is missing (apt-get install chromium): the viewer's figures were not measured`);
    return [];
  }
  const dataset = join(ws.dir, 'gsm8k-20k.jsonl');
  await writeSyntheticGsm8k(dataset, VIEW_ITEMS, 9);
  const [teacher, student] = await startSimulatorPair(
    { model: TEACHER_ID, slots: 24, decodeMs: 0, prefillMs: 0, overheadMs: 0, dataset: `gsm8k=${dataset}` },
    { model: STUDENT_ID, slots: 16, decodeMs: 0, prefillMs: 0, overheadMs: 0, dataset: `gsm8k=${dataset}` },
    ws.dir,
  );
  const config = join(ws.dir, 'view-20k.json');
  try {
    await writeFile(config, `${JSON.stringify(viewConfig(dataset, teacher.url, student.url), null, 2)}\n`);
    const run = await runGkt(['run', config, '--results', ws.results, '--quiet'], { cwd: ws.dir });
    if (run.code !== 0) throw new Error(`gkt run view-20k exited with code ${run.code}:\n${run.stderr.trim().split('\n').slice(-12).join('\n')}`);
  } finally {
    await Promise.all([teacher.stop(), student.stop()]);
  }

  const memory = await heapAfterOpen(join(ws.results, 'view-20k'));
  const viewer = await startUrlProcess(GKT_BIN, ['view', join(ws.results, 'view-20k')], { cwd: ws.dir, timeoutMs: 300_000 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS });
  try {
    const cells = (await (await fetch(new URL('api/cells', viewer.url))).json()) as CellsPayload;
    const gkt = cells.rows.find((row) => row.kind === 'gkt');
    if (gkt === undefined || gkt.studentAlone === null) throw new Error('view-20k: no GKT cell with its student alone');
    const items = `${viewer.url}#/cell/${encodeURIComponent(gkt.id)}`;
    const paired = `${items}?verdict=wrong&against=${encodeURIComponent(gkt.studentAlone)}&discordant=c`;
    const list = await firstRender(browser, items, '[data-testid=items] tbody tr');
    const filtered = await firstRender(browser, paired, '[data-testid=items] tbody tr');
    const item = async (n: number, renders: number) =>
      firstRender(browser, `${viewer.url}#/item/${encodeURIComponent(gkt.id)}/gsm8k-${n}`, '[data-testid=answer]', renders);
    // The first item read loads its cell's file (once, so once measured); its neighbours come from memory.
    const cold = await item(VIEW_ITEMS / 2, 1);
    const near = await item(VIEW_ITEMS / 2 + 1, RENDERS);
    const fromList = await openFromList(browser, `${items}?page=150`);
    const group = 'Viewer';
    const of = `${VIEW_ITEMS.toLocaleString('en-US')} items`;
    return [
      { id: 'view.items-first-render-ms', group, label: `items page of a cell of ${of}: time to first render, median of ${RENDERS}`, value: list, unit: 'ms', target: { op: '<=', value: 1000 }, note: 'fresh tab in headless Chromium, from navigation to the first row on screen' },
      { id: 'view.items-filtered-first-render-ms', group, label: `the same, filtered: wrong, discordant with the student alone (c)`, value: filtered, unit: 'ms', target: { op: '<=', value: 1000 } },
      { id: 'view.item-first-ms', group, label: 'an item page, the first of its cell (reads the cell and teacher files)', value: cold, unit: 'ms' },
      { id: 'view.item-from-list-ms', group, label: 'an item page opened from its items page, a second after the list showed', value: fromList, unit: 'ms', target: { op: '<=', value: 1000 }, note: "the server reads a shown page's records ahead" },
      { id: 'view.item-near-ms', group, label: `an item page near one already read, median of ${RENDERS}`, value: near, unit: 'ms' },
      { id: 'view.heap-mb', group, label: `the viewer's heap once it has read the run (${of} × 2 cells)`, value: memory.heapMb, unit: 'MB', note: `item texts stay on disk: the run's record files hold ${memory.filesMb.toFixed(0)} MB` },
      { id: 'view.start-ms', group, label: `gkt view start-up over ${of} × 2 cells, to the URL printed`, value: viewer.startMs, unit: 'ms', note: 'reads and re-scores every record, as gkt report does' },
    ];
  } finally {
    await browser.close();
    await viewer.stop();
  }
}
