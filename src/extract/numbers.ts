// How strict and flexible read a written number, and the canonical text that makes equal numbers compare equal.
import { rationalText } from './rational.js';

const SIGN = '[-\\u2212]';
/** Thousands groups must be whole (`1,234`, not `1,2345`). */
const INTEGER = '(?:\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d+)';
/** `3/4` is three quarters, not 3: whole numbers only, and `3/45.6` is no fraction. */
const OVER = '(?:\\/\\d+(?!\\d|\\.\\d))';
/** `1e3` is a thousand, not 1; `5eggs` and `2e5kg` keep their letters as a unit. */
const EXPONENT = '(?:[eE][-+]?\\d{1,3}(?!\\w|\\.\\d))';
/** Decimals optional, `.5` allowed; then a fraction bar or an exponent. */
const MAGNITUDE = `(?:${INTEGER}(?:${OVER}|(?:\\.\\d+)?${EXPONENT}?)|\\.\\d+${EXPONENT}?)`;

/** A number as models write it: a sign and `$` in either order (`-$5`, `$-5`), then the magnitude. */
export const NUMBER_SOURCE = `(?:${SIGN}\\$?|\\$${SIGN}?)?${MAGNITUDE}`;

/** Beyond this the text is not a number a model meant (and the digits would be too many to write out). */
const MAX_EXPONENT = 1000;

/**
 * Canonical text of a number (`$1,234.50` → `1234.5`, `−3` → `-3`, `18.00` → `18`, `-0` → `0`,
 * `3/4` → `0.75`, `1e3` → `1000`, `2/6` → `1/3`), or null when the text is not a number or divides by
 * zero. Works on the digits exactly, so no length loses precision.
 */
export function normaliseNumber(text: string): string | null {
  const bare = text
    .trim()
    .replaceAll('\u2212', '-')
    .replaceAll('$', '')
    .replaceAll(',', '')
    .replace(/\.$/, '');
  const match = /^([-+]?)(\d*)(?:\.(\d*))?(?:\/(\d+)|[eE]([-+]?\d+))?$/.exec(bare);
  if (match === null) return null;
  const [, sign = '', whole = '', fraction = '', over, exponent] = match;
  if (whole === '' && fraction === '') return null;
  let numerator = BigInt(whole + fraction);
  let denominator = 10n ** BigInt(fraction.length);
  if (over !== undefined) {
    if (BigInt(over) === 0n) return null;
    denominator *= BigInt(over);
  }
  if (exponent !== undefined) {
    const power = Number(exponent);
    if (Math.abs(power) > MAX_EXPONENT) return null;
    if (power >= 0) numerator *= 10n ** BigInt(power);
    else denominator *= 10n ** BigInt(-power);
  }
  return rationalText(sign === '-' ? -numerator : numerator, denominator);
}
