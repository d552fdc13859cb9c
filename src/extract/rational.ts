// Exact canonical text of a rational number, so that one value written two ways (`0.750`, `3/4`) reads the same.

function greatestCommonDivisor(a: bigint, b: bigint): bigint {
  let [x, y] = [a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/**
 * `numerator / denominator` (denominator positive) as the shortest decimal when it has one (`0.75`,
 * `-3`, `1234.5`), else as the reduced fraction (`1/3`). Exact at any size: nothing passes through a
 * floating-point number, so long answers compare digit for digit.
 */
export function rationalText(numerator: bigint, denominator: bigint): string {
  if (numerator === 0n) return '0';
  const sign = numerator < 0n ? '-' : '';
  const magnitude = numerator < 0n ? -numerator : numerator;
  const divisor = greatestCommonDivisor(magnitude, denominator);
  const top = magnitude / divisor;
  const bottom = denominator / divisor;
  // A decimal ends exactly when the reduced denominator divides a power of ten.
  let places = 0;
  let power = 1n;
  while (power % bottom !== 0n) {
    if (places > 4 * bottom.toString().length) return `${sign}${top}/${bottom}`;
    places += 1;
    power *= 10n;
  }
  const digits = ((top * power) / bottom).toString().padStart(places + 1, '0');
  const integer = digits.slice(0, digits.length - places);
  const decimals = digits.slice(digits.length - places).replace(/0+$/, '');
  return `${sign}${integer}${decimals === '' ? '' : `.${decimals}`}`;
}
