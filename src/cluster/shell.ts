// Words for a POSIX shell: what a generated batch script or a printed command line needs quoted.

/** One shell word, single-quoted unless it is made only of characters no shell reads specially. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_\-+=/.,:@%]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export function shellLine(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
