// The end-of-run summary: the records read back through the report's own metrics, as a compact table.
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeCellMetrics, loadRun, renderRunSummary } from '../report/index.js';
import type { CellMetrics } from '../report/metrics-types.js';
import { OUTSIDE_PLAN } from '../report/segments.js';
import type { Plan } from '../plan/types.js';
import type { RunFolder } from '../results/run-folder.js';

/** The summary of what `folder` holds of `plan` (the plan the run wrote there). */
export async function runSummary(folder: RunFolder, plan: Plan, options: { color: boolean; width?: number | undefined }): Promise<{ text: string; plain: string } | null> {
  // A rerun that changed no record file prints the figures it printed before, without reading the records.
  const key = await folder.summaryKey(await codeStamp(), plan);
  let metrics = key === null ? null : ((await folder.readSummaryCache(key)) as CellMetrics[] | null);
  if (metrics === null) {
    // The records were scored as they were written: the summary needs their scores, times and tokens, not their texts.
    // A shard sums up its own items; the others run elsewhere.
    metrics = computeCellMetrics(await loadRun([folder.dir], { storedScores: true, allowMissing: true }));
    if (key !== null) await folder.writeSummaryCache(key, metrics);
  }
  if (metrics.length === 0) return null;
  const notes = timeNotes(metrics);
  return {
    text: renderRunSummary(metrics, { color: options.color, ...(options.width !== undefined ? { width: options.width } : {}) }) + notes,
    plain: renderRunSummary(metrics, { color: false, width: 200 }) + notes,
  };
}

/** Why times the table leaves out are left out, when their sessions also timed items outside the plan. */
function timeNotes(metrics: readonly CellMetrics[]): string {
  const hidden = metrics.filter((m) => [m.time.student, m.time.teacher].some((t) => t?.reason?.startsWith(OUTSIDE_PLAN)));
  if (hidden.length === 0) return '';
  const reason = [hidden[0]!.time.student, hidden[0]!.time.teacher].find((t) => t?.reason?.startsWith(OUTSIDE_PLAN))!.reason!;
  return `\ntimes not shown for ${hidden.length} of ${metrics.length} cells: ${reason}`;
}

let stamp: Promise<string> | undefined;

/**
 * The code the figures come from: this file, the report and the results store, by name, size and time.
 * Figures another build computed are computed again.
 */
function codeStamp(): Promise<string> {
  stamp ??= (async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const hash = createHash('sha256');
    const walk = async (dir: string): Promise<void> => {
      const entries = (await readdir(dir, { withFileTypes: true }).catch(() => [])).sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else {
          const info = await stat(path);
          hash.update(`${path}\0${info.size}\0${info.mtimeMs}\n`);
        }
      }
    };
    for (const dir of [join(here, '..', 'report'), join(here, '..', 'results')]) await walk(dir);
    const self = await stat(fileURLToPath(import.meta.url));
    hash.update(`${self.size}\0${self.mtimeMs}`);
    return hash.digest('hex');
  })();
  return stamp;
}
