// A table as plain data: columns, section and data rows, typed values with marks; every renderer reads this.
import { fixed } from '../format.js';

export type Mark = 'simulated' | 'incomplete' | 'derived' | 'not-derivable' | 'interrupted' | 'cached' | 'errors' | 'summed' | 'retried' | 'fallback';

/** Symbol and meaning of each mark, in the order legends list them. */
export const MARKS: Record<Mark, { symbol: string; meaning: string }> = {
  simulated: { symbol: '~', meaning: 'simulated model (no real inference): numbers exercise the harness, not a model' },
  incomplete: { symbol: '*', meaning: 'incomplete: items are missing (missing items count as wrong in ACC; times cover the items present)' },
  derived: {
    symbol: '†',
    meaning:
      "teacher time derived from token arrival times in a longer teacher pass: it runs from each batch's (or request's) start, so the phase's setup before its first request, which a measured time includes, is left out",
  },
  'not-derivable': { symbol: '‡', meaning: "teacher time not derivable (no token arrival times): the longer pass's measured time is shown" },
  interrupted: { symbol: '¶', meaning: "a phase was interrupted: its segment ends at its last request's end" },
  cached: { symbol: '§', meaning: 'some responses came from the cache: their times are not measurements' },
  errors: { symbol: '!', meaning: 'some requests failed (counted as wrong)' },
  summed: { symbol: '°', meaning: "a router's time: the recorded request times of what it pays for, summed over its items (it makes no request of its own)" },
  retried: { symbol: '^', meaning: 'some items were requested again (--retry-errors): the time includes the failed attempts, a wait for a server that was down included' },
  fallback: {
    symbol: '?',
    meaning: "the reference rule read no answer and drew a random letter for over 20% of the items (the model writes its answer in a form it cannot read, e.g. '(b)'): read strict or flexible instead (gkt report --rule strict)",
  },
};

export interface NumberValue {
  kind: 'number';
  value: number | null;
  digits: number;
  unit: '' | '×' | '%';
  /** Sample sd across repeats, when there are two or more. */
  sd: number | null;
  marks: Mark[];
}

export interface TextValue {
  kind: 'text';
  text: string;
  marks: Mark[];
}

/** A 95% interval: `[low, high]` in text, two numeric columns in CSV. */
export interface IntervalValue {
  kind: 'interval';
  low: number;
  high: number;
  digits: number;
  marks: Mark[];
}

export type TableValue = NumberValue | TextValue | IntervalValue;

export interface Column {
  key: string;
  header: string;
  numeric: boolean;
}

export type TableRow = { kind: 'section'; label: string } | { kind: 'data'; values: Record<string, TableValue> };

export interface Table {
  /** File-name-safe id, e.g. `table-2`, `guidance`. */
  id: string;
  title: string;
  /** What the table shows and how to read it. */
  caption: string;
  /** Mode, headline rule and simulated flag: shown with every table. */
  context: string;
  columns: Column[];
  rows: TableRow[];
  notes: string[];
}

export function num(value: number | null, digits: number, options: { unit?: NumberValue['unit']; sd?: number | null; marks?: Mark[] } = {}): NumberValue {
  return { kind: 'number', value, digits, unit: options.unit ?? '', sd: options.sd ?? null, marks: options.marks ?? [] };
}

export function text(value: string, marks: Mark[] = []): TextValue {
  return { kind: 'text', text: value, marks };
}

export function interval(low: number, high: number, digits: number): IntervalValue {
  return { kind: 'interval', low, high, digits, marks: [] };
}

export const DASH: TextValue = text('–');

export function column(key: string, header: string, numeric = true): Column {
  return { key, header, numeric };
}

export function markSymbols(marks: readonly Mark[]): string {
  return [...new Set(marks)].map((mark) => MARKS[mark].symbol).join('');
}

/** A value as plain text: `19.18`, `1.31×`, `1.31 ± 0.04×`, `[13.7, 69.4]`, `–`, followed by its mark symbols. */
export function valueText(value: TableValue): string {
  if (value.kind === 'text') return value.text + markSymbols(value.marks);
  if (value.kind === 'interval') return `[${fixed(value.low, value.digits)}, ${fixed(value.high, value.digits)}]${markSymbols(value.marks)}`;
  if (value.value === null) return '–' + markSymbols(value.marks);
  // The unit closes the whole value, so that `± sd` reads in the same unit.
  const sd = value.sd === null ? '' : ` ± ${fixed(value.sd, value.digits)}`;
  return `${fixed(value.value, value.digits)}${sd}${value.unit}${markSymbols(value.marks)}`;
}

export function dataRows(table: Table): Array<Record<string, TableValue>> {
  return table.rows.flatMap((row) => (row.kind === 'data' ? [row.values] : []));
}

/** The marks a table uses, each with its meaning, for the legend under it. */
export function markLegend(table: Table): string[] {
  const used = new Set<Mark>();
  for (const row of dataRows(table)) for (const value of Object.values(row)) for (const mark of value.marks) used.add(mark);
  return (Object.keys(MARKS) as Mark[]).filter((mark) => used.has(mark)).map((mark) => `${MARKS[mark].symbol} ${MARKS[mark].meaning}`);
}

export function dedupeMarks(marks: readonly Mark[]): Mark[] {
  return [...new Set(marks)];
}
