// The end-of-run summary: the records read back through the report's own metrics, as a compact table.
import { computeCellMetrics, loadRun, renderRunSummary } from '../report/index.js';

export async function runSummary(runDir: string, options: { color: boolean; width?: number | undefined }): Promise<{ text: string; plain: string } | null> {
  const run = await loadRun([runDir]);
  const metrics = computeCellMetrics(run);
  if (metrics.length === 0) return null;
  return {
    text: renderRunSummary(metrics, { color: options.color, ...(options.width !== undefined ? { width: options.width } : {}) }),
    plain: renderRunSummary(metrics, { color: false, width: 200 }),
  };
}
