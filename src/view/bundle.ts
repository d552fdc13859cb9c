// `gkt view --bundle <dir>`: the same pages as static files that open from disk or any static host, with every item's page.
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { RULE_NAMES } from '../vocabulary.js';
import { UsageError } from '../util/errors.js';
import { packageVersion } from '../util/package-info.js';
import { runPayload } from './api.js';
import { BUNDLE_CHUNK, bundlePath, type BundleRun, type ItemDetail } from './api-types.js';
import { pageHtml, type Assets } from './assets.js';
import { BUNDLE_MARKER } from './bundle-marker.js';
import { isInside } from './folder-guard.js';
import { itemDetail } from './item-detail.js';
import { tableToJson } from './item-bits.js';
import { searchKey } from './item-query.js';
import { openRecords, readRun } from './run-source.js';
import { buildSnapshot } from './snapshot.js';
import { readerPaths } from '../results/read-run.js';
import type { RecordSet } from '../results/record-set.js';

interface BundleResult {
  dir: string;
  cells: number;
  items: number;
  files: number;
  bytes: number;
}

/** A script that files one value under its key: pages opened from disk cannot fetch, but they can load scripts. */
function dataScript(key: string, value: unknown): string {
  return `(globalThis.gktBundle ??= {})[${JSON.stringify(key)}] = ${JSON.stringify(value)};\n`;
}

/** An existing folder is replaced only when it is empty or a bundle gkt wrote; never a run folder. */
async function checkTarget(dir: string, roots: readonly string[]): Promise<void> {
  for (const root of roots) {
    if (isInside(dir, root)) throw new UsageError(`--bundle ${dir}: holds the run folder ${root}; choose a folder of its own`);
    const { files, folders } = readerPaths(root);
    for (const part of [...folders, ...files]) {
      if (isInside(part, dir)) throw new UsageError(`--bundle ${dir}: inside the run's own records (${part}); choose another folder`);
    }
  }
  const info = await stat(dir).catch(() => null);
  if (info === null) return;
  if (!info.isDirectory()) throw new UsageError(`--bundle ${dir}: a file, not a folder`);
  const names = await readdir(dir);
  if (names.length > 0 && !names.includes(BUNDLE_MARKER)) {
    throw new UsageError(`--bundle ${dir}: the folder holds other files; give a new or empty folder (or one a bundle was written to)`);
  }
}

export async function writeBundle(roots: readonly string[], target: string, assets: Assets): Promise<BundleResult> {
  const dir = resolve(target);
  await checkTarget(dir, roots);
  // The run as read is let go once the snapshot is built; each item's records are then read by item, a chunk at a time.
  const snapshot = buildSnapshot(await readRun(roots));
  // Written beside the target and moved into place at the end: a failure leaves the old bundle, or nothing.
  const work = `${dir}.partial-${process.pid}`;
  await rm(work, { recursive: true, force: true });
  let files = 0;
  let bytes = 0;
  const put = async (path: string, content: string | Buffer): Promise<void> => {
    const full = join(work, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, content);
    files += 1;
    bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
  };
  const data = (key: string, value: unknown): Promise<void> => put(bundlePath(key), dataScript(key, value));
  /** A data script whose value is a long list, written a part at a time: parts are JSON texts of its elements. */
  const dataList = async (key: string) => {
    const full = join(work, bundlePath(key));
    await mkdir(dirname(full), { recursive: true });
    const handle = await open(full, 'w');
    let first = true;
    const write = async (text: string) => {
      await handle.write(text);
      bytes += Buffer.byteLength(text);
    };
    try {
      await write(`(globalThis.gktBundle ??= {})[${JSON.stringify(key)}] = [`);
    } catch (error) {
      await handle.close();
      throw error;
    }
    files += 1;
    return {
      add: async (parts: readonly string[]) => {
        if (parts.length === 0) return;
        await write(`${first ? '' : ','}${parts.join(',')}`);
        first = false;
      },
      end: async (failed: boolean) => {
        try {
          if (!failed) await write('];\n');
        } finally {
          await handle.close();
        }
      },
    };
  };

  try {
    const tableKeys = [...snapshot.tables.keys()];
    const cells = [...snapshot.cells.values()];
    const state = { snapshot, version: 1, readAt: new Date(), reloadError: null };
    const bundle: BundleRun = {
      run: runPayload(state, false),
      cells: Object.fromEntries(RULE_NAMES.map((rule) => [rule, snapshot.payloads[rule]])) as BundleRun['cells'],
      files: cells.map((view) => ({ cell: view.cell.id, folder: view.position, table: tableKeys.indexOf(view.table), prompt: view.template !== null })),
    };
    await put('index.html', pageHtml({ bundle: true }));
    await put('assets/app.js', assets['app.js']);
    await put('assets/app.css', assets['app.css']);
    await data('run', bundle);
    for (const [n, key] of tableKeys.entries()) {
      const table = snapshot.tables.get(key);
      if (table !== undefined) await data(`tables/${n}`, tableToJson(table));
    }
    // Cells of one teacher pass one after another, so each pass's index is read once.
    const byPass = [...cells].sort((a, b) => (a.cell.teacher?.pass ?? '').localeCompare(b.cell.teacher?.pass ?? ''));
    let passId: string | null = null;
    let passRecords: RecordSet<'pass'> | null = null;
    let items = 0;
    try {
      for (const view of byPass) {
        const { cell, index, template } = view;
        const base = `cells/${view.position}`;
        const pass = cell.teacher?.pass ?? null;
        if (pass !== passId) {
          await passRecords?.close();
          passRecords = null;
          passId = pass;
          if (pass !== null) passRecords = await openRecords(roots, 'pass', pass);
        }
        const table = snapshot.tables.get(view.table);
        await data(`${base}/index`, index);
        if (template !== null) await data(`${base}/prompt`, { cell: cell.id, exemplars: template.exemplars });
        const records = await openRecords(roots, 'cell', cell.id);
        const search = await dataList(`${base}/search`);
        let failed = true;
        try {
          for (let from = 0; from < index.items.length; from += BUNDLE_CHUNK) {
            const chunk: ItemDetail[] = [];
            const keys: string[] = [];
            for (const [i, item] of index.items.slice(from, from + BUNDLE_CHUNK).entries()) {
              const record = await records.read(item);
              keys.push(JSON.stringify(record === undefined ? '' : searchKey([record.question, record.gold, (record.guidance?.text ?? '') + (record.student?.text ?? '')].join('\n'))));
              chunk.push(
                itemDetail({
                  cell,
                  rule: 'reference',
                  item,
                  planned: index.items,
                  position: from + i,
                  record,
                  teacher: await passRecords?.read(item),
                  template,
                  known: { question: table?.questions.get(item) ?? '', gold: table?.gold.get(item) ?? '' },
                }),
              );
            }
            await search.add(keys);
            await data(`${base}/items-${from / BUNDLE_CHUNK}`, chunk);
            items += chunk.length;
          }
          failed = false;
        } finally {
          await search.end(failed);
          await records.close();
        }
      }
    } finally {
      await passRecords?.close();
    }
    await put(BUNDLE_MARKER, `${JSON.stringify({ gkt: packageVersion(), runs: snapshot.runs, dirs: snapshot.dirs, written: new Date().toISOString() }, null, 2)}\n`);
    await rm(dir, { recursive: true, force: true });
    await rename(work, dir);
    return { dir, cells: cells.length, items, files, bytes };
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}
