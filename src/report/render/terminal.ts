// Tables for a terminal: aligned columns, colour when allowed, and one block per row when too wide to fit.
import { Chalk } from 'chalk';
import { markLegend, valueText } from '../tables/model.js';
import type { ChalkInstance } from 'chalk';
import type { Column, Table, TableValue } from '../tables/model.js';

export interface TerminalOptions {
  color: boolean;
  /** Columns available; wider tables are printed as one block per row. */
  width: number;
}

export function palette(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

function paint(value: TableValue, plain: string, chalk: ChalkInstance, column: Column): string {
  if (value.marks.length > 0) return chalk.yellow(plain);
  if (column.key === 'delta' && value.kind === 'number' && value.value !== null) {
    if (value.value > 0) return chalk.green(plain);
    if (value.value < 0) return chalk.red(plain);
  }
  return plain;
}

const pad = (text: string, width: number, right: boolean): string =>
  right ? ' '.repeat(Math.max(0, width - text.length)) + text : text + ' '.repeat(Math.max(0, width - text.length));

function tableLines(table: Table, chalk: ChalkInstance, width: number): string[] {
  const rows = table.rows.map((row) => (row.kind === 'section' ? row : { ...row, plain: table.columns.map((c) => valueText(row.values[c.key] ?? { kind: 'text', text: '–', marks: [] })) }));
  const widths = table.columns.map((c, i) =>
    Math.max(c.header.length, ...rows.map((row) => ('plain' in row ? (row.plain[i] ?? '').length : 0))),
  );
  const total = widths.reduce((s, w) => s + w, 0) + 2 * (widths.length - 1);
  if (total > width) return blockLines(table, chalk);
  const lines = [chalk.bold(table.columns.map((c, i) => pad(c.header, widths[i] ?? 0, c.numeric)).join('  ')), chalk.dim('─'.repeat(total))];
  for (const row of rows) {
    if (row.kind === 'section') {
      lines.push(chalk.cyan.bold(row.label));
      continue;
    }
    lines.push(table.columns.map((c, i) => {
      const plain = pad(row.plain[i] ?? '', widths[i] ?? 0, c.numeric);
      return paint(row.values[c.key] ?? { kind: 'text', text: '', marks: [] }, plain, chalk, c);
    }).join('  '));
  }
  return lines;
}

/** One block per data row, `header: value` per line, for tables wider than the terminal. */
function blockLines(table: Table, chalk: ChalkInstance): string[] {
  const lines: string[] = [];
  const labelWidth = Math.max(...table.columns.map((c) => c.header.length));
  for (const row of table.rows) {
    if (row.kind === 'section') {
      lines.push(chalk.cyan.bold(row.label));
      continue;
    }
    const [first, ...rest] = table.columns;
    if (first === undefined) continue;
    lines.push(chalk.bold(valueText(row.values[first.key] ?? { kind: 'text', text: '–', marks: [] })));
    for (const c of rest) {
      const value = row.values[c.key] ?? { kind: 'text', text: '–', marks: [] };
      lines.push(`  ${chalk.dim(pad(c.header, labelWidth, false))}  ${paint(value, valueText(value), chalk, c)}`);
    }
  }
  return lines;
}

export function renderTableTerminal(table: Table, options: TerminalOptions): string {
  const chalk = palette(options.color);
  const lines = [chalk.bold.underline(table.title), chalk.magenta(table.context), ...tableLines(table, chalk, options.width)];
  for (const note of [...table.notes, ...markLegend(table)]) lines.push(chalk.dim(note));
  return `${lines.join('\n')}\n`;
}
