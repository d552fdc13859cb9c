// Tables as CSV, one file per table: plain numbers (no units or marks) so they load as numbers; marks in their own column.
import { stringify } from 'csv-stringify/sync';
import { fixed } from '../format.js';
import type { Column, Table, TableValue } from '../tables/model.js';

type DataRow = { section: string; values: Record<string, TableValue> };

/** The CSV cells of one value: a number without unit, `''` for no value, an interval as low and high. */
function plain(value: TableValue | undefined, parts: number): string[] {
  if (value === undefined) return Array<string>(parts).fill('');
  if (value.kind === 'interval') return [fixed(value.low, value.digits), fixed(value.high, value.digits)];
  const first = value.kind === 'text' ? (value.text === '–' ? '' : value.text) : value.value === null ? '' : fixed(value.value, value.digits);
  return [first, ...Array<string>(parts - 1).fill('')];
}

/** How a column spreads over CSV columns: intervals as two, repeat sd beside its mean. */
function layout(column: Column, rows: readonly DataRow[]): { headers: string[]; cells: (value: TableValue | undefined) => string[] } {
  const values = rows.map((row) => row.values[column.key]);
  if (values.some((v) => v?.kind === 'interval')) {
    return { headers: [`${column.header} low`, `${column.header} high`], cells: (v) => plain(v?.kind === 'interval' ? v : undefined, 2) };
  }
  if (values.some((v) => v?.kind === 'number' && v.sd !== null)) {
    return {
      headers: [column.header, `${column.header} sd`],
      cells: (v) => [plain(v, 1)[0] ?? '', v?.kind === 'number' && v.sd !== null ? fixed(v.sd, v.digits) : ''],
    };
  }
  return { headers: [column.header], cells: (v) => plain(v, 1) };
}

export function renderTableCsv(table: Table): string {
  const hasSections = table.rows.some((row) => row.kind === 'section');
  let section = '';
  const data: DataRow[] = [];
  for (const row of table.rows) {
    if (row.kind === 'section') section = row.label;
    else data.push({ section, values: row.values });
  }
  const columns = table.columns.map((column) => ({ column, ...layout(column, data) }));
  const withMarks = data.some((row) => Object.values(row.values).some((v) => v.marks.length > 0));
  const header = [...(hasSections ? ['section'] : []), ...columns.flatMap((c) => c.headers), ...(withMarks ? ['marks'] : [])];
  const records = data.map((row) => {
    const marks = table.columns.flatMap((c) => {
      const v = row.values[c.key];
      return v === undefined || v.marks.length === 0 ? [] : [`${c.header}: ${v.marks.join(', ')}`];
    });
    return [
      ...(hasSections ? [row.section] : []),
      ...columns.flatMap((c) => c.cells(row.values[c.column.key])),
      ...(withMarks ? [marks.join('; ')] : []),
    ];
  });
  return stringify([header, ...records]);
}
