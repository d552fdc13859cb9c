// Number formatting shared by every output: fixed digits as the paper prints them, and units.

/** Fixed digits, with −0.00 shown as 0.00 so a tiny negative does not look like a loss. */
export function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

/** The paper's Speed Up form: `1.31×`. */
export function formatSpeedUp(value: number | null): string {
  return value === null ? '–' : `${fixed(value, 2)}×`;
}

export function formatPercent(value: number | null, digits = 2): string {
  return value === null ? '–' : fixed(value, digits);
}

export function formatSeconds(value: number | null): string {
  return value === null ? '–' : fixed(value, 2);
}

/** Signed percentage points for Δ(ACC): the paper prints `-0.25` and `14.18` (no plus sign). */
export function formatDelta(value: number | null): string {
  return value === null ? '–' : fixed(value, 2);
}

/** A p-value readable at a glance: three significant digits, or `<0.0001`. */
export function formatP(value: number | null): string {
  if (value === null) return '–';
  if (value < 0.0001) return '<0.0001';
  return value >= 0.001 ? fixed(value, 4) : value.toPrecision(3);
}

export function formatCost(value: number | null): string {
  if (value === null) return '–';
  return value >= 1 ? fixed(value, 2) : fixed(value, 4);
}
