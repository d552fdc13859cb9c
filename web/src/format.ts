// Numbers and times as the pages print them.

export function seconds(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  if (value < 1) return `${Math.round(value * 1000)} ms`;
  if (value < 90) return `${value.toFixed(value < 10 ? 2 : 1)} s`;
  if (value < 5400) return `${Math.floor(value / 60)} min ${Math.round(value % 60)} s`;
  const hours = Math.floor(value / 3600);
  return `${hours} h ${Math.round((value - hours * 3600) / 60)} min`;
}

export function millis(value: number | null): string {
  return value === null ? '–' : seconds(value / 1000);
}

/** Items per second, or per minute when slower than one a second. */
export function rate(value: number | null): string {
  if (value === null) return '–';
  return value >= 1 ? `${value.toFixed(1)} items/s` : `${(value * 60).toFixed(1)} items/min`;
}

export function ago(iso: string | null, now: number): string {
  if (iso === null) return 'never';
  const delta = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (delta < 2) return 'just now';
  return delta < 90 ? `${Math.round(delta)} s ago` : `${seconds(delta)} ago`;
}

export function count(n: number | null): string {
  return n === null ? '–' : n.toLocaleString('en-US');
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`;
}
