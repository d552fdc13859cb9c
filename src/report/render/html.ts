// One self-contained HTML page: every table and figure inline, no script, no outside resource.
import { markLegend, valueText } from '../tables/model.js';
import type { Report } from '../build-report.js';
import type { Table } from '../tables/model.js';

export function escapeHtml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2.2rem; }
.context { color: #6b3fa0; font-size: 0.9rem; } .caption, .note { color: #555; font-size: 0.85rem; }
.sim { background: #fff4d6; border: 1px solid #e0b84f; padding: 0.5rem 0.8rem; border-radius: 4px; }
.warn { background: #fdecea; border: 1px solid #e57373; padding: 0.5rem 0.8rem; border-radius: 4px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.6rem 0; font-variant-numeric: tabular-nums; }
th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #e3e3e3; white-space: nowrap; }
th { border-bottom: 2px solid #999; text-align: left; } td.n, th.n { text-align: right; }
tr.section td { font-weight: 600; background: #f4f4f8; }
.marked { color: #a65f00; } figure { margin: 1.5rem 0; } figcaption { color: #555; font-size: 0.85rem; }
nav a { margin-right: 0.8rem; }
`;

export function renderTableHtml(table: Table): string {
  const head = table.columns.map((c) => `<th class="${c.numeric ? 'n' : ''}">${escapeHtml(c.header)}</th>`).join('');
  const body = table.rows.map((row) => {
    if (row.kind === 'section') return `<tr class="section"><td colspan="${table.columns.length}">${escapeHtml(row.label)}</td></tr>`;
    return `<tr>${table.columns.map((c) => {
      const value = row.values[c.key];
      const textValue = value === undefined ? '–' : valueText(value);
      const marked = value !== undefined && value.marks.length > 0;
      return `<td class="${c.numeric ? 'n' : ''}${marked ? ' marked' : ''}">${escapeHtml(textValue)}</td>`;
    }).join('')}</tr>`;
  }).join('\n');
  const notes = [...table.notes, ...markLegend(table)].map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n');
  return [
    `<section id="${escapeHtml(table.id)}">`,
    `<h2>${escapeHtml(table.title)}</h2>`,
    `<p class="context">${escapeHtml(table.context)}</p>`,
    `<p class="caption">${escapeHtml(table.caption)}</p>`,
    `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`,
    notes,
    '</section>',
  ].join('\n');
}

export interface HtmlFigure {
  id: string;
  title: string;
  caption: string;
  svg: string;
}

/** `viewHref`: a bundle of `gkt view` pages beside the report, where every item can be read. */
export function renderReportHtml(report: Report, figures: readonly HtmlFigure[], links: { viewHref?: string | null } = {}): string {
  const nav = [...report.tables.map((t) => `<a href="#${escapeHtml(t.id)}">${escapeHtml(t.title)}</a>`), ...figures.map((f) => `<a href="#${escapeHtml(f.id)}">${escapeHtml(f.title)}</a>`)].join('\n');
  const parts = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(report.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<h1>${escapeHtml(report.title)}</h1>`,
    `<p>Run folders: ${escapeHtml(report.source.dirs.join(', '))}. gkt ${escapeHtml(report.source.gkt.version ?? '?')}${report.source.gkt.commit ? ` (${escapeHtml(report.source.gkt.commit.slice(0, 12))})` : ''}. Headline rule: ${escapeHtml(report.rule)}. Modes: ${escapeHtml(report.modes.join(', ') || '–')}.</p>`,
    ...(report.simulated.length > 0 ? [`<p class="sim"><strong>Simulated models</strong> (${escapeHtml(report.simulated.join(', '))}): their accuracies and times exercise the harness and describe no real model.</p>`] : []),
    ...report.notes.filter((n) => !n.startsWith('Simulated')).map((n) => `<p class="note">${escapeHtml(n)}</p>`),
    ...(report.warnings.length > 0 ? [`<div class="warn"><strong>Warnings</strong><ul>${report.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></div>`] : []),
    ...(links.viewHref == null ? [] : [`<p class="view">Every item of every cell, with its guidance, answer and the rules' evidence: <a href="${escapeHtml(links.viewHref)}">browse the items</a> (gkt view).</p>`]),
    `<nav>${nav}</nav>`,
    ...report.tables.map(renderTableHtml),
    ...figures.map((f) => `<section id="${escapeHtml(f.id)}"><h2>${escapeHtml(f.title)}</h2><figure>${f.svg}<figcaption>${escapeHtml(f.caption)}</figcaption></figure></section>`),
    ...(report.omitted.length > 0 ? [`<h2>Not shown</h2><ul>${report.omitted.map((o) => `<li>${escapeHtml(o)}</li>`).join('')}</ul>`] : []),
    '</body></html>',
  ];
  return `${parts.join('\n')}\n`;
}
