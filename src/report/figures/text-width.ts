// Text width for headless rendering: per-character widths of a common sans-serif face, so labels are neither cut nor padded.

/**
 * Advance widths in em of DejaVu Sans, the widest of the usual sans-serif faces, so that a label laid
 * out with them fits in Helvetica and Arial as well. Vega's own fallback (0.8 em a character) is about
 * a third too wide: it cut legend labels short and left wide blank margins.
 */
const WIDTHS: Array<[string, number]> = [
  ['iljI\'.,:;!|', 0.29],
  [' ·', 0.32],
  ['frt()[]{}/\\-', 0.38],
  ['"', 0.46],
  ['–_', 0.5],
  ['csz', 0.54],
  ['kvxyJ', 0.6],
  ['abdeghnopqu0123456789$#?L', 0.63],
  ['FPSTYEZ', 0.64],
  ['ABCKRVX', 0.69],
  ['DGHNOQU', 0.77],
  ['w', 0.82],
  ['→×±~+=<>', 0.84],
  ['mM%', 0.95],
  ['W—', 1.0],
];

const TABLE = new Map<string, number>(WIDTHS.flatMap(([chars, width]) => [...chars].map((c) => [c, width] as [string, number])));
/** Anything not listed: wider than most letters, so unknown text errs on the roomy side. */
const OTHER = 0.7;
const BOLD = 1.08;

export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const c of text) em += TABLE.get(c) ?? OTHER;
  return em * fontSize * (bold ? BOLD : 1);
}

interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
}

/** In the shape Vega's `textMetrics.width` takes: the widest line of the item's text. */
export function vegaTextWidth(item: TextItem, text: unknown): number {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- Vega draws `line + ''` whatever the value is: measured as drawn
  const lines = Array.isArray(text) ? text.map(String) : [String(text ?? '')];
  const weight = item.fontWeight;
  const bold = weight === 'bold' || (typeof weight === 'number' && weight >= 600);
  return Math.max(0, ...lines.map((line) => textWidth(line, item.fontSize ?? 11, bold)));
}
