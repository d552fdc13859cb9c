// How strict and flexible read a written number, and the canonical text that makes equal numbers compare equal.

const SIGN = '[-\\u2212]';
/** Thousands groups must be whole (`1,234`, not `1,2345`); decimals optional; `.5` allowed. */
const MAGNITUDE = '(?:(?:\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d+)(?:\\.\\d+)?|\\.\\d+)';

/** A number as models write it: a sign and `$` in either order (`-$5`, `$-5`), then the magnitude. */
export const NUMBER_SOURCE = `(?:${SIGN}\\$?|\\$${SIGN}?)?${MAGNITUDE}`;

/**
 * Canonical decimal text of a number (`$1,234.50` → `1234.5`, `−3` → `-3`, `18.00` → `18`, `-0` → `0`),
 * or null when the text is not a number. Works on the digits as text, so no length loses precision.
 */
export function normaliseNumber(text: string): string | null {
  const bare = text
    .trim()
    .replaceAll('\u2212', '-')
    .replaceAll('$', '')
    .replaceAll(',', '')
    .replace(/\.$/, '');
  const match = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(bare);
  if (match === null) return null;
  const [, sign = '', whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return null;
  const integer = whole.replace(/^0+/, '') || '0';
  const decimals = fraction.replace(/0+$/, '');
  const magnitude = decimals === '' ? integer : `${integer}.${decimals}`;
  return sign === '-' && magnitude !== '0' ? `-${magnitude}` : magnitude;
}
