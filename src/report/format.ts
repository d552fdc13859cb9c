// Number formatting shared by every output: fixed digits as the paper prints them, p-values, and money.

/** Fixed digits, with −0.00 shown as 0.00 so a tiny negative does not look like a loss. */
export function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

/** A p-value readable at a glance: four decimals, three significant digits below 0.001, or `<0.0001`. */
export function formatP(value: number | null): string {
  if (value === null) return '–';
  if (value < 0.0001) return '<0.0001';
  return value >= 0.001 ? fixed(value, 4) : value.toPrecision(3);
}

/** Digits for an amount of money: cents from 1 up, and enough below it that a small run's cost is not 0.0000. */
export function costDigits(value: number | null): number {
  if (value === null || value === 0 || Math.abs(value) >= 1) return 2;
  if (Math.abs(value) >= 0.01) return 4;
  return 6;
}
