// What the rest of gkt uses of the report: read runs, compute metrics, build and render reports.
export { loadRun } from './load-run.js';
export { computeCellMetrics } from './cell-metrics.js';
export { buildReport, TABLE_NAMES } from './build-report.js';
export { renderRunSummary } from './render/summary.js';
