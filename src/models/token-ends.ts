// Where each generated token ends in the completion text, from logprobs in either shape servers report them.

/** Logprobs of one response or stream chunk, in the legacy completions shape or the chat (`content`) shape. */
export interface TokenPieces {
  /** Each token's text as the server decoded it alone. */
  tokens: string[];
  /** Each token's UTF-8 bytes, where the server gives them (chat shape, llama.cpp). */
  bytes: Array<number[] | null>;
  /** Legacy shape: each token's start offset, as the server counts it. */
  offsets: number[] | null;
  /** Each token's log-probability where the server gave one (`logprob`, or the legacy `token_logprobs`). */
  logprobs: Array<number | null>;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Reads `choice.logprobs` in whichever shape it comes; null when it holds no tokens. */
export function readTokenPieces(logprobs: unknown): TokenPieces | null {
  if (!isObject(logprobs)) return null;
  if (Array.isArray(logprobs.content)) {
    const tokens: string[] = [];
    const bytes: Array<number[] | null> = [];
    const values: Array<number | null> = [];
    for (const entry of logprobs.content) {
      if (!isObject(entry) || typeof entry.token !== 'string') return null;
      tokens.push(entry.token);
      bytes.push(Array.isArray(entry.bytes) && entry.bytes.every((b) => Number.isInteger(b)) ? (entry.bytes as number[]) : null);
      values.push(finite(entry.logprob));
    }
    return { tokens, bytes, offsets: null, logprobs: values };
  }
  if (Array.isArray(logprobs.tokens) && logprobs.tokens.every((t) => typeof t === 'string')) {
    const tokens = logprobs.tokens as string[];
    const offsets = Array.isArray(logprobs.text_offset) && logprobs.text_offset.length === tokens.length && logprobs.text_offset.every((o) => Number.isInteger(o))
      ? (logprobs.text_offset as number[])
      : null;
    const values = Array.isArray(logprobs.token_logprobs) ? logprobs.token_logprobs.map(finite) : [];
    return { tokens, bytes: new Array<null>(tokens.length).fill(null), offsets, logprobs: tokens.map((_, i) => values[i] ?? null) };
  }
  return null;
}

const finite = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The pieces of a stream's chunks as one; plain loops, as a streamed answer has one part per token. */
export function joinPieces(parts: readonly TokenPieces[]): TokenPieces {
  const tokens: string[] = [];
  const bytes: Array<number[] | null> = [];
  const logprobs: Array<number | null> = [];
  let offsets: number[] | null = [];
  for (const part of parts) {
    for (const token of part.tokens) tokens.push(token);
    for (const b of part.bytes) bytes.push(b);
    for (const l of part.logprobs) logprobs.push(l);
    if (part.offsets === null) offsets = null;
    else if (offsets !== null) for (const o of part.offsets) offsets.push(o);
  }
  return { tokens, bytes, offsets, logprobs };
}

/**
 * The UTF-16 offset in `text` just after each token, or null when the pieces cannot be lined up with
 * the text (then the boundaries are unknown and nothing is cut by guesswork). Tried in order: the
 * tokens' own texts, their bytes, their reported offsets.
 */
export function tokenEnds(text: string, pieces: TokenPieces): number[] | null {
  return byTexts(text, pieces.tokens) ?? byBytes(text, pieces.bytes) ?? byOffsets(text, pieces.tokens, pieces.offsets);
}

/**
 * A server that stops at a stop string cuts the text but may still report the tokens that held it
 * (vLLM's logprobs do): a token the text ends inside of ends at the text's end, and tokens wholly past
 * it are not part of the answer.
 */
function byTexts(text: string, tokens: readonly string[]): number[] | null {
  const ends: number[] = [];
  let at = 0;
  for (const token of tokens) {
    if (at === text.length && ends.length > 0) break;
    if (text.startsWith(token, at)) {
      at += token.length;
      ends.push(at);
      continue;
    }
    if (!token.startsWith(text.slice(at)) || at === text.length) return null;
    at = text.length;
    ends.push(at);
  }
  return at === text.length ? ends : null;
}

/** A token may end inside a character (byte-level vocabularies): its end is rounded down to the character. */
function byBytes(text: string, bytes: ReadonlyArray<number[] | null>): number[] | null {
  if (bytes.some((b) => b === null)) return null;
  const total = bytes.reduce((sum, b) => sum + (b?.length ?? 0), 0);
  if (total !== Buffer.byteLength(text, 'utf8')) return null;
  // Byte offset at the start of each UTF-16 index that begins a code point.
  const starts: Array<{ byte: number; index: number }> = [];
  let byte = 0;
  for (let index = 0; index < text.length; ) {
    starts.push({ byte, index });
    const cp = text.codePointAt(index)!;
    byte += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    index += cp > 0xffff ? 2 : 1;
  }
  starts.push({ byte, index: text.length });
  const ends: number[] = [];
  let end = 0;
  let cursor = 0;
  for (const b of bytes) {
    end += b!.length;
    while (cursor + 1 < starts.length && starts[cursor + 1]!.byte <= end) cursor++;
    ends.push(starts[cursor]!.index);
  }
  return ends;
}

/** A token that stands for bytes of a character it does not complete: its text cannot be compared with the completion's. */
const partialCharacter = (token: string) => token.includes('\ufffd') || token.startsWith('bytes:');

/**
 * Offsets may count from the prompt's start (echo) or the completion's: both are made relative to the first.
 * Every token whose text is a whole piece of text must read there, so offsets that drift (or tokens that
 * cover less than the text) give null rather than boundaries in the wrong places.
 */
function byOffsets(text: string, tokens: readonly string[], offsets: readonly number[] | null): number[] | null {
  if (offsets === null || offsets.length === 0 || offsets.length !== tokens.length) return null;
  const base = offsets[0]!;
  const ends: number[] = [];
  for (let i = 0; i < offsets.length; i++) {
    const start = offsets[i]! - base;
    const end = i + 1 < offsets.length ? offsets[i + 1]! - base : text.length;
    if (end < start || end > text.length) return null;
    const token = tokens[i]!;
    if (!partialCharacter(token) && text.slice(start, end) !== token) return null;
    ends.push(end);
  }
  return ends;
}
