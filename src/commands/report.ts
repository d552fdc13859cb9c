// `gkt report`: run folders in, the paper's tables and figures out (terminal, Markdown, CSV, LaTeX, JSON, SVG, HTML).
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { RULE_NAMES, type RuleName } from '../vocabulary.js';
import { buildReport, computeCellMetrics, loadRun, TABLE_NAMES } from '../report/index.js';
import { figureSpecs } from '../report/figures/specs.js';
import { renderSvg } from '../report/figures/render-svg.js';
import { mergePrices, parsePriceSheet } from '../report/prices.js';
import { repeatGroups } from '../report/repeats.js';
import { renderTableCsv } from '../report/render/csv.js';
import { renderReportHtml, type HtmlFigure } from '../report/render/html.js';
import { renderTableLatex } from '../report/render/latex.js';
import { renderReportMarkdown } from '../report/render/markdown.js';
import { renderTableTerminal } from '../report/render/terminal.js';
import { useColor } from '../progress/create.js';
import { bundleHref } from '../view/bundle-link.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { UsageError } from '../util/errors.js';
import type { CommandContext } from '../util/command-context.js';

export const REPORT_FORMATS = ['terminal', 'markdown', 'csv', 'latex', 'json', 'html', 'svg'] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  format?: string[];
  out?: string;
  rule?: string;
  prices?: string;
  table?: string;
  allowMissingShards?: boolean;
}

export async function reportCommand(runDirs: string[], options: ReportOptions, context: CommandContext): Promise<void> {
  const rule = ruleOption(options.rule);
  if (options.table !== undefined && !TABLE_NAMES.includes(options.table)) {
    throw new UsageError(`--table "${options.table}": expected one of ${TABLE_NAMES.join(', ')}`);
  }
  const formats = new Set<ReportFormat>((options.format as ReportFormat[] | undefined) ?? REPORT_FORMATS);
  const dirs = runDirs.map((dir) => resolve(context.cwd, dir));
  const sheet = options.prices === undefined ? null : await readPriceSheet(resolve(context.cwd, options.prices), options.prices);

  const run = await loadRun(dirs, { allowMissing: options.allowMissingShards ?? false });
  const metrics = computeCellMetrics(run, { rule });
  const prices = sheet === null ? run.prices : mergePrices(run.prices, sheet);
  const report = buildReport(run, metrics, { rule, prices, ...(options.table !== undefined ? { table: options.table } : {}) });

  if (formats.has('terminal')) {
    const color = useColor(context.stdout, context.env);
    const width = context.stdout.columns ?? 200;
    const head = [report.title, ...report.notes, ...report.warnings.map((w) => `warning: ${w}`)].join('\n');
    // The per-cell table runs to dozens of lines a cell: on a terminal only when asked for by name.
    const shown = options.table === undefined ? report.tables.filter((t) => !t.id.startsWith('cells')) : report.tables;
    const tail = [
      ...report.omitted,
      ...(shown.length < report.tables.length ? ['Every metric of every cell: --table cells, or csv/cells.csv and report.html.'] : []),
    ];
    context.stdout.write(`${head}\n\n${shown.map((t) => renderTableTerminal(t, { color, width })).join('\n')}`);
    if (tail.length > 0) context.stdout.write(`\n${tail.join('\n')}\n`);
  }
  const files = [...formats].filter((f) => f !== 'terminal');
  if (files.length === 0) return;

  const out = options.out === undefined ? join(dirs[0]!, 'report') : resolve(context.cwd, options.out);
  const written: string[] = [];
  const write = async (name: string, content: string) => {
    const path = join(out, name);
    await writeFileAtomic(path, content);
    written.push(path);
  };
  const figures: HtmlFigure[] = [];
  if (formats.has('svg') || formats.has('html')) {
    for (const figure of figureSpecs({ groups: repeatGroups(metrics), rule })) {
      const rendered = await renderSvg(figure.spec);
      for (const warning of rendered.warnings) context.stderr.write(`gkt: report: figure ${figure.id}: ${warning}\n`);
      figures.push({ id: figure.id, title: figure.title, caption: figure.caption, svg: rendered.svg });
    }
  }
  const figureFiles = formats.has('svg') ? figures.map((f) => ({ ...f, file: `figures/${f.id}.svg` })) : [];
  for (const f of figureFiles) await write(f.file, `${f.svg}\n`);
  if (formats.has('markdown')) await write('report.md', renderReportMarkdown(report, figureFiles));
  if (formats.has('csv')) for (const table of report.tables) await write(`csv/${table.id}.csv`, renderTableCsv(table));
  if (formats.has('latex')) await write('report.tex', report.tables.map(renderTableLatex).join('\n'));
  if (formats.has('json')) await write('report.json', `${JSON.stringify(report, null, 2)}\n`);
  if (formats.has('html')) await write('report.html', renderReportHtml(report, figures, { viewHref: await bundleHref(out) }));
  const kinds = [...new Set(written.map((w) => relative(out, w).split('/')[0]))].join(', ');
  context.stderr.write(`gkt: report: ${written.length} ${written.length === 1 ? 'file' : 'files'} in ${out} (${kinds})\n`);
}

function ruleOption(rule: string | undefined): RuleName {
  if (rule === undefined) return 'reference';
  if (!(RULE_NAMES as readonly string[]).includes(rule)) throw new UsageError(`--rule "${rule}": expected one of ${RULE_NAMES.join(', ')}`);
  return rule as RuleName;
}

async function readPriceSheet(path: string, given: string) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${given}: cannot read the price sheet (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  return parsePriceSheet(text, given);
}
