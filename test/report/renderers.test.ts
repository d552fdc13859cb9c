// Escaping and layout of the file formats: LaTeX (booktabs), HTML, Markdown and CSV read back by a parser.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { renderTableCsv } from '../../src/report/render/csv.js';
import { escapeHtml, renderTableHtml } from '../../src/report/render/html.js';
import { latexEscape, renderTableLatex } from '../../src/report/render/latex.js';
import { renderTableMarkdown } from '../../src/report/render/markdown.js';
import { renderTableTerminal } from '../../src/report/render/terminal.js';
import { DASH, interval, num, text } from '../../src/report/tables/model.js';
import type { Table } from '../../src/report/tables/model.js';

const TABLE: Table = {
  id: 'table-x',
  title: 'Table X: 50% & more',
  caption: 'Δ(ACC) = ACC(GKT) − ACC(alone); "N→L" pairs.',
  context: 'mode: faithful · headline rule: reference',
  columns: [
    { key: 'model', header: 'Model', numeric: false },
    { key: 'acc', header: 'ACC(%)', numeric: true },
    { key: 'ci', header: '95% CI', numeric: true },
    { key: 'speedUp', header: 'Speed Up', numeric: true },
  ],
  rows: [
    { kind: 'section', label: 'GSM8K · GKT Framework' },
    { kind: 'data', values: { model: text('Big_13B→Small #1 <b>|x|', ['simulated']), acc: num(19.18, 2), ci: interval(13.7, 69.4, 1), speedUp: num(1.31, 2, { unit: '×', sd: 0.04 }) } },
    { kind: 'data', values: { model: text('[bracketed] ~ $5 {x} ^y \\z'), acc: num(null, 2, { marks: ['errors'] }), ci: DASH, speedUp: num(0.84, 2, { unit: '×' }) } },
  ],
  notes: ['note with 100% & _under_'],
};

describe('latexEscape', () => {
  it.each([
    ['50% & $5 #1 a_b {c}', '50\\% \\& \\$5 \\#1 a\\_b \\{c\\}'],
    ['back\\slash ~ ^', 'back\\textbackslash{}slash \\textasciitilde{} \\textasciicircum{}'],
    ['a < b > c | d', 'a \\textless{} b \\textgreater{} c \\textbar{} d'],
    ['Δ(ACC) 1.31× 13B→7B ± – − …', '$\\Delta$(ACC) 1.31$\\times$ 13B$\\rightarrow$7B $\\pm$ -- $-$ \\ldots{}'],
    ['"Provide a brief hint: "', "``Provide a brief hint: ''"],
  ])('%s', (input, expected) => {
    expect(latexEscape(input)).toBe(expected);
  });
});

describe('renderTableLatex', () => {
  const latex = renderTableLatex(TABLE);

  it('uses booktabs rules around one tabular, a column per header', () => {
    const lines = latex.split('\n');
    expect(lines.filter((l) => l === '\\toprule')).toHaveLength(1);
    expect(lines.filter((l) => l === '\\midrule')).toHaveLength(1);
    expect(lines.filter((l) => l === '\\bottomrule')).toHaveLength(1);
    expect(latex).toContain('\\begin{tabular}{lrrr}');
    expect(latex).toContain('\\multicolumn{4}{l}{\\textit{GSM8K $\\cdot$ GKT Framework}} \\\\');
    expect(latex).toContain('Big\\_13B$\\rightarrow$Small \\#1 \\textless{}b\\textgreater{}\\textbar{}x\\textbar{}\\textasciitilde{} & 19.18 & [13.7, 69.4] & 1.31 $\\pm$ 0.04$\\times$ \\\\');
  });

  it('braces a cell that starts with [, which would otherwise be read as the row end\'s argument', () => {
    expect(latex).toContain('\n{[bracketed] \\textasciitilde{} \\$5 \\{x\\} \\textasciicircum{}y \\textbackslash{}z} & --! & -- & 0.84$\\times$ \\\\');
  });

  it('leaves no unescaped special character outside commands in the body', () => {
    const body = latex.split('\n').filter((l) => !l.startsWith('%') && !l.startsWith('\\'));
    for (const line of body) expect(line.replace(/\\[%&$#_{}]/g, '')).not.toMatch(/(?<!\\)[%#_]|&(?! )/);
  });
});

describe('HTML and Markdown', () => {
  it('escapes markup and quotes in HTML', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const html = renderTableHtml(TABLE);
    expect(html).toContain('Big_13B→Small #1 &lt;b&gt;|x|~');
    expect(html).not.toContain('<b>');
  });

  it('escapes pipes in Markdown cells and keeps one column per header', () => {
    const markdown = renderTableMarkdown(TABLE);
    const rows = markdown.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| **'));
    const cells = (line: string) => line.split(/(?<!\\)\|/).length - 2;
    for (const row of rows) expect(cells(row)).toBe(4);
    expect(markdown).toContain('Big_13B→Small #1 &lt;b>\\|x\\|\\~');
    expect(markdown).toContain('| –! |');
  });
});

describe('renderTableCsv', () => {
  const records = parse(renderTableCsv(TABLE)) as string[][];

  it('writes the section, numbers without units, intervals and sd in columns of their own, and marks', () => {
    expect(records[0]).toEqual(['section', 'Model', 'ACC(%)', '95% CI low', '95% CI high', 'Speed Up', 'Speed Up sd', 'marks']);
    expect(records[1]).toEqual(['GSM8K · GKT Framework', 'Big_13B→Small #1 <b>|x|', '19.18', '13.7', '69.4', '1.31', '0.04', 'Model: simulated']);
    expect(records[2]).toEqual(['GSM8K · GKT Framework', '[bracketed] ~ $5 {x} ^y \\z', '', '', '', '0.84', '', 'ACC(%): errors']);
  });

  it('parses every numeric cell as a number', () => {
    for (const row of records.slice(1)) for (const cell of row.slice(2, 7)) if (cell !== '') expect(Number.isFinite(Number(cell))).toBe(true);
  });
});

describe('renderTableTerminal', () => {
  it('aligns columns and colours nothing without a terminal', () => {
    const out = renderTableTerminal(TABLE, { color: false, width: 200 });
    expect(out).not.toContain('\u001b[');
    const lines = out.split('\n');
    const header = lines.find((l) => l.startsWith('Model'))!;
    const row = lines.find((l) => l.startsWith('Big_13B'))!;
    expect(row.indexOf('19.18') + '19.18'.length).toBe(header.indexOf('ACC(%)') + 'ACC(%)'.length);
  });

  it('prints one block per row when the table is wider than the terminal', () => {
    const out = renderTableTerminal(TABLE, { color: false, width: 20 });
    expect(out).toContain('  ACC(%)    19.18');
  });

  it('colours only with colour on', () => {
    expect(renderTableTerminal(TABLE, { color: true, width: 200 })).toContain('\u001b[');
  });
});
