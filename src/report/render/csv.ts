// Tables as CSV, one file per table: plain numbers (no units or marks) so they load as numbers; marks in their own column.
import { stringify } from 'csv-stringify/sync';
import { fixed } from '../format.js';
import type { Table, TableValue } from '../tables/model.js';

function plain(value: TableValue | undefined): string {
  if (value === undefined) return '';
  if (value.kind === 'text') return value.text === '–' ? '' : value.text;
  return value.value === null ? '' : fixed(value.value, value.digits);
}

export function renderTableCsv(table: Table): string {
  const hasSections = table.rows.some((row) => row.kind === 'section');
  const data = table.rows.flatMap((row, index) => {
    if (row.kind === 'section') return [];
    const section = [...table.rows.slice(0, index)].reverse().find((r) => r.kind === 'section');
    return [{ section: section?.kind === 'section' ? section.label : '', values: row.values }];
  });
  const withSd = table.columns.filter((c) => data.some((row) => { const v = row.values[c.key]; return v?.kind === 'number' && v.sd !== null; }));
  const withMarks = data.some((row) => Object.values(row.values).some((v) => v.marks.length > 0));
  const header = [
    ...(hasSections ? ['section'] : []),
    ...table.columns.flatMap((c) => (withSd.includes(c) ? [c.header, `${c.header} sd`] : [c.header])),
    ...(withMarks ? ['marks'] : []),
  ];
  const records = data.map((row) => {
    const marks = table.columns
      .flatMap((c) => { const v = row.values[c.key]; return v === undefined || v.marks.length === 0 ? [] : [`${c.header}: ${v.marks.join(', ')}`]; });
    return [
      ...(hasSections ? [row.section] : []),
      ...table.columns.flatMap((c) => {
        const v = row.values[c.key];
        if (!withSd.includes(c)) return [plain(v)];
        return [plain(v), v?.kind === 'number' && v.sd !== null ? fixed(v.sd, v.digits) : ''];
      }),
      ...(withMarks ? [marks.join('; ')] : []),
    ];
  });
  return stringify([header, ...records]);
}
