// Tables as GitHub-flavoured Markdown: one pipe table per table, context and legend beside it.
import { markLegend, valueText } from '../tables/model.js';
import type { Table } from '../tables/model.js';
import type { Report } from '../build-report.js';

// Marks such as `~` and `*` would otherwise open strikethrough or emphasis, and `<` raw HTML, in GitHub-flavoured Markdown.
const cell = (text: string): string => text.replace(/[\\|~*]/g, (c) => `\\${c}`).replaceAll('<', '&lt;').replaceAll('\n', ' ');

export function renderTableMarkdown(table: Table): string {
  const lines = [`## ${cell(table.title)}`, '', `*${cell(table.context)}*`, '', table.caption, ''];
  lines.push(`| ${table.columns.map((c) => cell(c.header)).join(' | ')} |`);
  lines.push(`| ${table.columns.map((c) => (c.numeric ? '---:' : ':---')).join(' | ')} |`);
  for (const row of table.rows) {
    if (row.kind === 'section') {
      lines.push(`| **${cell(row.label)}** |${' |'.repeat(table.columns.length - 1)}`);
      continue;
    }
    lines.push(`| ${table.columns.map((c) => cell(row.values[c.key] === undefined ? '–' : valueText(row.values[c.key]!))).join(' | ')} |`);
  }
  const notes = [...table.notes, ...markLegend(table)];
  if (notes.length > 0) lines.push('', ...notes.map((note) => `- ${note}`));
  return `${lines.join('\n')}\n`;
}

/** A figure written beside the Markdown file, by its path relative to it. */
export interface MarkdownFigure {
  title: string;
  caption: string;
  file: string;
}

export function renderReportMarkdown(report: Report, figures: readonly MarkdownFigure[]): string {
  const lines = [`# ${report.title}`, ''];
  lines.push(`Run folders: ${report.source.dirs.join(', ')}. Headline rule: ${report.rule}. Modes: ${report.modes.join(', ') || '–'}.`, '');
  for (const note of report.notes) lines.push(`> ${note}`, '');
  if (report.warnings.length > 0) lines.push('**Warnings**', '', ...report.warnings.map((w) => `- ${w}`), '');
  const body = report.tables.map(renderTableMarkdown);
  const omitted = report.omitted.length > 0 ? ['', ...report.omitted.map((o) => `- ${o}`), ''] : [];
  const figureLines = figures.flatMap((f) => [`## ${cell(f.title)}`, '', `![${cell(f.title)}](${f.file})`, '', f.caption, '']);
  return `${[...lines, ...body, ...omitted, ...figureLines].join('\n')}\n`;
}
