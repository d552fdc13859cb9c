// Text with ranges marked in place (the guidance, a rule's match), rendered as text nodes: nothing in it is ever read as markup.
import type { ComponentChild } from 'preact';

export interface TextRange {
  start: number;
  end: number;
  kind: 'guidance' | 'match';
  /** Read out by screen readers where the range starts. */
  label: string;
}

/** Splits `text` at every range edge; each piece carries the kinds of the ranges covering it. */
export function pieces(text: string, ranges: readonly TextRange[]): Array<{ start: number; end: number; kinds: Set<TextRange['kind']> }> {
  const edges = new Set([0, text.length]);
  for (const range of ranges) {
    edges.add(Math.max(0, Math.min(text.length, range.start)));
    edges.add(Math.max(0, Math.min(text.length, range.end)));
  }
  const sorted = [...edges].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i < sorted.length - 1; i += 1) {
    const start = sorted[i] ?? 0;
    const end = sorted[i + 1] ?? 0;
    if (end <= start) continue;
    out.push({ start, end, kinds: new Set(ranges.filter((r) => r.start <= start && r.end >= end).map((r) => r.kind)) });
  }
  return out;
}

export function MarkedText({ text, ranges, seam }: { text: string; ranges: readonly TextRange[]; seam?: number | null }) {
  const children: ComponentChild[] = [];
  for (const piece of pieces(text, ranges)) {
    if (seam != null && piece.start === seam && seam > 0) children.push(<span class="seam" role="note" aria-label="the student continues here" />);
    const slice = text.slice(piece.start, piece.end);
    const starts = ranges.filter((r) => r.start === piece.start);
    const label = starts.map((r) => r.label).join(', ');
    const className = [...piece.kinds].join(' ');
    children.push(
      piece.kinds.has('match')
        ? <mark class={className} aria-label={label || undefined}>{slice}</mark>
        : className === '' ? slice : <span class={className}>{slice}</span>,
    );
  }
  if (seam != null && seam === text.length && seam > 0) children.push(<span class="seam" role="note" aria-label="the student continues here (and wrote nothing)" />);
  return <>{children}</>;
}
