// Tables as LaTeX with booktabs rules: one table environment per table, special characters escaped.
import { markLegend, valueText } from '../tables/model.js';
import type { Table } from '../tables/model.js';

const REPLACEMENTS: Array<[RegExp, string]> = [
  [/\\/g, '\\textbackslash{}'],
  [/([&%$#_{}])/g, '\\$1'],
  [/~/g, '\\textasciitilde{}'],
  [/\^/g, '\\textasciicircum{}'],
  // In LaTeX's default OT1 font encoding these three print as other glyphs (¡, ¿, —).
  [/</g, '\\textless{}'],
  [/>/g, '\\textgreater{}'],
  [/\|/g, '\\textbar{}'],
  [/Δ/g, '$\\Delta$'],
  [/×/g, '$\\times$'],
  [/→/g, '$\\rightarrow$'],
  [/±/g, '$\\pm$'],
  [/"([^"\n]*)"/g, "``$1''"],
  [/–/g, '--'],
  [/−/g, '$-$'],
  [/…/g, '\\ldots{}'],
  [/≤/g, '$\\leq$'],
  [/≥/g, '$\\geq$'],
  [/·/g, '$\\cdot$'],
  [/†/g, '$^\\dagger$'],
  [/‡/g, '$^\\ddagger$'],
  [/¶/g, '\\P{}'],
  [/§/g, '\\S{}'],
];

export function latexEscape(value: string): string {
  // Backslashes first, then the rest, so that no escape is escaped twice.
  let out = value.replace(REPLACEMENTS[0]![0], '\u0000');
  for (const [pattern, replacement] of REPLACEMENTS.slice(1)) out = out.replace(pattern, replacement);
  return out.replaceAll('\u0000', '\\textbackslash{}');
}

/** Tables wider than this are scaled to the line width (needs graphicx) rather than run off the page. */
const WIDE_COLUMNS = 12;

/** A row's first cell starting with `[` is braced, or the row end (`\\`) before it would read it as a spacing argument. */
function firstCell(text: string): string {
  return text.startsWith('[') ? `{${text}}` : text;
}

export function renderTableLatex(table: Table): string {
  const align = table.columns.map((c) => (c.numeric ? 'r' : 'l')).join('');
  const wide = table.columns.length > WIDE_COLUMNS;
  const lines = [
    wide ? '% requires \\usepackage{booktabs} and \\usepackage{graphicx}' : '% requires \\usepackage{booktabs}',
    '\\begin{table}[t]',
    '\\centering',
    '\\small',
    `\\caption{${latexEscape(table.title)}. ${latexEscape(table.caption)}}`,
    `\\label{tab:gkt-${table.id}}`,
    ...(wide ? ['\\resizebox{\\linewidth}{!}{%'] : []),
    `\\begin{tabular}{${align}}`,
    '\\toprule',
    `${table.columns.map((c) => latexEscape(c.header)).join(' & ')} \\\\`,
    '\\midrule',
  ];
  let first = true;
  for (const row of table.rows) {
    if (row.kind === 'section') {
      if (!first) lines.push('\\midrule');
      lines.push(`\\multicolumn{${table.columns.length}}{l}{\\textit{${latexEscape(row.label)}}} \\\\`);
      first = false;
      continue;
    }
    first = false;
    const cells = table.columns.map((c) => latexEscape(row.values[c.key] === undefined ? '–' : valueText(row.values[c.key]!)));
    lines.push(`${cells.map((cell, i) => (i === 0 ? firstCell(cell) : cell)).join(' & ')} \\\\`);
  }
  lines.push('\\bottomrule', '\\end{tabular}');
  if (wide) lines.push('}');
  const notes = [latexEscape(table.context), ...[...table.notes, ...markLegend(table)].map(latexEscape)];
  lines.push(`\\par\\footnotesize ${notes.join(' \\\\ ')}`);
  lines.push('\\end{table}');
  return `${lines.join('\n')}\n`;
}
