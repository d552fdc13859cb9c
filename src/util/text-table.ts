// Plain aligned text tables for the terminal (numbers right-aligned), measuring width without colour codes.
import { stripVTControlCharacters } from 'node:util';

export function visibleWidth(text: string): number {
  return [...stripVTControlCharacters(text)].length;
}

export function textTable(header: string[], rows: string[][], options: { right?: boolean[]; gap?: string } = {}): string {
  const gap = options.gap ?? '  ';
  const widths = header.map((h, i) => Math.max(visibleWidth(h), ...rows.map((r) => visibleWidth(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - visibleWidth(cell)));
        return options.right?.[i] ? pad + cell : cell + pad;
      })
      .join(gap)
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
