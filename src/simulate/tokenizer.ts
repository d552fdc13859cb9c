// The simulator's tokenizer: words, single punctuation marks and newlines, each with the spaces before it.

/**
 * A token is a run of spaces or tabs (possibly empty) followed by a word of letters and digits, one
 * other visible character, or one newline; spaces left at the end of the text are a token of their own.
 * Newlines stand alone so that a stop such as `\nQ:` falls on a token boundary, as with real tokenizers.
 */
const TOKEN = /[^\S\n]*(?:[\p{L}\p{N}]+|\n|[^\s\p{L}\p{N}])|[^\S\n]+/uy;

/** Splits text into tokens; joined again they give back the text exactly. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const match = TOKEN.exec(text);
    // Every character belongs to one of the alternatives, so the sticky match never fails.
    if (match === null) throw new Error(`tokenizer stalled at offset ${TOKEN.lastIndex}`);
    tokens.push(match[0]);
  }
  return tokens;
}

export function countTokens(text: string): number {
  return tokenize(text).length;
}

/**
 * A stable id for a token (FNV-1a, 31 bits), the same in every process, so `/tokenize` answers
 * alike across runs. Ids are hashes: `/detokenize` can only map back tokens it has seen.
 */
export function tokenId(token: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    hash ^= token.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 1) & 0x7fffffff;
}
