// Python's int() of a run of decimal digits, as the reference code applies it: exact at any length.

const DECIMAL_DIGIT = /^\p{Nd}$/u;

/**
 * Unicode assigns decimal digits only in contiguous runs of ten, 0 to 9 in order, so a digit's value
 * is its distance from the start of its run, modulo ten (runs of several decades, like the
 * mathematical digits, start on a zero too).
 */
function digitValue(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  let start = code;
  while (start > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
  return (code - start) % 10;
}

/** `re.findall(r'\d+', text)`: Python's `\d` on text is any Unicode decimal digit, not only ASCII 0–9. */
export function pythonDigitRuns(text: string): string[] {
  return text.match(/\p{Nd}+/gu) ?? [];
}

/** `int(run)` printed by `str()`: ASCII digits, leading zeros dropped. */
export function pythonIntText(run: string): string {
  let digits = '';
  for (const char of run) digits += String(digitValue(char));
  return digits.replace(/^0+/, '') || '0';
}
