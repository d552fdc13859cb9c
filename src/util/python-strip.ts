// Python's str.strip(): the reference code strips CSQA stems and guidance with it, and its white space is not JavaScript's trim().

// str.isspace() in Python 3: JavaScript's trim() also removes U+FEFF but misses U+001C–U+001F and U+0085.
const SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const EDGES = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, 'g');

export function pythonStrip(text: string): string {
  return text.replace(EDGES, '');
}

const LEADING = new RegExp(`^[${SPACE}]+`);

/** Python's str.lstrip(). */
export function pythonLstrip(text: string): string {
  return text.replace(LEADING, '');
}
