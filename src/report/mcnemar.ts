// The exact McNemar test: a two-sided binomial test on the discordant pairs of two paired samples.

export interface McNemarResult {
  /** Items right in the first sample and wrong in the second. */
  b: number;
  /** Items wrong in the first sample and right in the second. */
  c: number;
  /** Two-sided exact p-value; 1 when there are no discordant pairs. */
  p: number;
}

function logFactorials(n: number): Float64Array {
  const table = new Float64Array(n + 1);
  for (let i = 2; i <= n; i += 1) table[i] = (table[i - 1] ?? 0) + Math.log(i);
  return table;
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2), summed in log space so large n neither overflows nor underflows. */
export function binomialHalfCdf(k: number, n: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  const logFact = logFactorials(n);
  const logHalfPower = n * Math.log(0.5);
  let total = 0;
  for (let i = 0; i <= k; i += 1) {
    total += Math.exp((logFact[n] ?? 0) - (logFact[i] ?? 0) - (logFact[n - i] ?? 0) + logHalfPower);
  }
  return Math.min(1, total);
}

export function exactMcNemar(b: number, c: number): McNemarResult {
  const n = b + c;
  if (n === 0) return { b, c, p: 1 };
  const p = Math.min(1, 2 * binomialHalfCdf(Math.min(b, c), n));
  return { b, c, p };
}

/** Paired outcomes on the items both samples have; items only one side has are left out. */
export function pairedMcNemar(first: ReadonlyMap<string, boolean>, second: ReadonlyMap<string, boolean>): McNemarResult & { n: number } {
  let b = 0;
  let c = 0;
  let n = 0;
  for (const [item, right] of first) {
    const other = second.get(item);
    if (other === undefined) continue;
    n += 1;
    if (right && !other) b += 1;
    else if (!right && other) c += 1;
  }
  return { ...exactMcNemar(b, c), n };
}
