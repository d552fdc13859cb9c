// Log-probabilities in the two shapes clients read: the legacy completions shape and the chat shape.
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

/** A made-up but stable value in [-1.5, -0.01]: the simulator has no distribution to report. */
export function tokenLogprob(token: string): number {
  return -Math.round((0.01 + ((tokenId(token) % 1000) / 1000) * 1.49) * 10_000) / 10_000;
}

/** `startOffset` is where the first piece begins in the completion text (non-zero for later stream chunks). */
export function legacyLogprobs(pieces: string[], startOffset: number): LegacyLogprobs {
  const text_offset: number[] = [];
  let offset = startOffset;
  for (const piece of pieces) {
    text_offset.push(offset);
    offset += piece.length;
  }
  return { tokens: pieces, token_logprobs: pieces.map(tokenLogprob), top_logprobs: null, text_offset };
}

export function chatLogprobs(pieces: string[]): ChatLogprobs {
  return {
    content: pieces.map((token) => ({
      token,
      logprob: tokenLogprob(token),
      bytes: [...Buffer.from(token, 'utf8')],
      top_logprobs: [],
    })),
  };
}
