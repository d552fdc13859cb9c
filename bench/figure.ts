// A measured figure: its value, unit and target, and whether the target was met (pure).

export interface Target {
  op: '>=' | '<=';
  value: number;
}

export interface Figure {
  /** Stable key in the JSON output, e.g. `client.json.c8.rate-ratio`. */
  id: string;
  /** The heading the figure belongs to, e.g. `Client overhead`. */
  group: string;
  /** A heading within the group that the label goes on from, e.g. the request shape. */
  subgroup?: string;
  label: string;
  value: number;
  unit: string;
  target?: Target;
  /** How the value was obtained, or what it is made of. */
  note?: string;
}

export function meets(figure: Figure): boolean | null {
  if (figure.target === undefined) return null;
  if (!Number.isFinite(figure.value)) return false;
  return figure.target.op === '>=' ? figure.value >= figure.target.value : figure.value <= figure.target.value;
}

/** Significant digits that suit the unit: ratios to 3 decimals, times and sizes to whole units below 1000 and 1 decimal under 10. */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  if (unit === 'ratio') return value.toFixed(3);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatTarget(target: Target | undefined, unit: string): string {
  return target === undefined ? '' : `${target.op === '>=' ? '≥' : '≤'} ${formatValue(target.value, unit)}`;
}
