// Log-probabilities in the two shapes clients read (the legacy completions shape and the chat shape), lower where an answer goes wrong.
import { tokenId } from './tokenizer.js';

export interface LegacyLogprobs {
  tokens: string[];
  token_logprobs: number[];
  top_logprobs: null;
  /** Offsets from the start of the completion text. */
  text_offset: number[];
}

export interface ChatLogprobs {
  content: Array<{ token: string; logprob: number; bytes: number[]; top_logprobs: [] }>;
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/**
 * A made-up but stable value: the simulator has no distribution to report. Where the answer goes wrong,
 * half the tokens are in [-3.5, -1.5]; any other token is mostly in [-1, -0.01], one in twelve in
 * [-2, -1.2] (a hard token on a right path). So doubt is a signal, and not a perfect one.
 */
export function tokenLogprob(token: string, doubtful = false): number {
  const hash = tokenId(token);
  const fraction = (hash % 1000) / 1000;
  if (doubtful && (hash >>> 10) % 2 === 0) return -round(1.5 + fraction * 2);
  if ((hash >>> 11) % 12 === 0) return -round(1.2 + fraction * 0.8);
  return -round(0.01 + fraction * 0.99);
}

/** Each piece's value, doubtful where the piece starts inside `doubt` (offsets in the pieces' joined text). */
export function pieceLogprobs(pieces: readonly string[], doubt: { start: number; end: number } | null): number[] {
  let offset = 0;
  return pieces.map((piece) => {
    const start = offset;
    offset += piece.length;
    return tokenLogprob(piece, doubt !== null && start >= doubt.start && start < doubt.end);
  });
}

/** `startOffset` is where the first piece begins in the completion text (non-zero for later stream chunks). */
export function legacyLogprobs(pieces: string[], values: number[], startOffset: number): LegacyLogprobs {
  const text_offset: number[] = [];
  let offset = startOffset;
  for (const piece of pieces) {
    text_offset.push(offset);
    offset += piece.length;
  }
  return { tokens: pieces, token_logprobs: values, top_logprobs: null, text_offset };
}

export function chatLogprobs(pieces: string[], values: number[]): ChatLogprobs {
  return {
    content: pieces.map((token, i) => ({
      token,
      logprob: values[i]!,
      bytes: [...Buffer.from(token, 'utf8')],
      top_logprobs: [],
    })),
  };
}
