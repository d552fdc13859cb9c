// The end-of-run summary: the records read back through the report's own metrics, as a compact table.
import { computeCellMetrics, loadRun, renderRunSummary } from '../report/index.js';

export async function runSummary(runDir: string, options: { color: boolean; width?: number | undefined }): Promise<{ text: string; plain: string } | null> {
  // The records were scored as they were written: the summary needs their scores, times and tokens, not their texts.
  // A shard sums up its own items; the others run elsewhere.
  const run = await loadRun([runDir], { withoutTexts: true, allowMissing: true });
  const metrics = computeCellMetrics(run);
  if (metrics.length === 0) return null;
  return {
    text: renderRunSummary(metrics, { color: options.color, ...(options.width !== undefined ? { width: options.width } : {}) }),
    plain: renderRunSummary(metrics, { color: false, width: 200 }),
  };
}
