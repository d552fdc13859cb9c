// Turns a model's continuation into what a server returns: at most max_tokens tokens, cut at the first stop.
import { pieceLogprobs } from './logprobs.js';
import { tokenize } from './tokenizer.js';

/** Where a text goes wrong, as offsets in it; its tokens there get low log-probabilities. */
export type Doubt = (text: string) => { start: number; end: number } | null;

export interface GeneratedText {
  text: string;
  /** The returned text in token pieces; when a stop begins inside a token, the last piece is that token's start. */
  pieces: string[];
  /** Tokens decoded, counting those that held the stop string (as llama.cpp and vLLM count them). */
  completionTokens: number;
  finishReason: 'length' | 'stop';
  /** Each piece's log-probability (see logprobs.ts). */
  logprobs: number[];
}

/** Base models never stop on their own, so without a stop every request runs to `maxTokens`. */
export function generateText(continuation: (minChars: number) => string, maxTokens: number, stop: string[], doubt: Doubt = () => null): GeneratedText {
  let tokens: string[] = [];
  // More than maxTokens tokens are needed, so that the last one kept is whole and not cut at the guess.
  for (let guess = maxTokens * 8 + 64; tokens.length <= maxTokens; guess *= 2) tokens = tokenize(continuation(guess));
  const kept = tokens.slice(0, maxTokens);
  return cutTokens(kept, stop, 'length', doubt(kept.join('')));
}

/**
 * A chat model ends its turn: its reply is this text, then the end-of-turn token, which is not returned
 * (as servers skip special tokens) but counts, as a real server counts it.
 */
export function generateTurn(reply: string, maxTokens: number, stop: string[]): GeneratedText {
  const tokens = tokenize(reply);
  if (tokens.length >= maxTokens) return cutTokens(tokens.slice(0, maxTokens), stop, 'length', null);
  const cut = cutTokens(tokens, stop, 'stop', null);
  return cut.finishReason === 'stop' && cut.text === reply ? { ...cut, completionTokens: tokens.length + 1 } : cut;
}

function cutTokens(tokens: string[], stop: string[], finish: GeneratedText['finishReason'], doubt: { start: number; end: number } | null): GeneratedText {
  const full = tokens.join('');
  const hit = firstStop(full, stop);
  if (hit === null) return { text: full, pieces: tokens, completionTokens: tokens.length, finishReason: finish, logprobs: pieceLogprobs(tokens, doubt) };

  const pieces: string[] = [];
  let offset = 0;
  let completionTokens = 0;
  for (const token of tokens) {
    if (offset >= hit.end) break;
    completionTokens++;
    if (offset < hit.start) pieces.push(token.slice(0, hit.start - offset));
    offset += token.length;
  }
  return { text: full.slice(0, hit.start), pieces, completionTokens, finishReason: 'stop', logprobs: pieceLogprobs(pieces, doubt) };
}

/** The stop that a token-by-token decoder would see first: the one whose text is complete earliest. */
function firstStop(text: string, stop: string[]): { start: number; end: number } | null {
  let best: { start: number; end: number } | null = null;
  for (const s of stop) {
    if (s === '') continue;
    const start = text.indexOf(s);
    if (start !== -1 && (best === null || start + s.length < best.end)) best = { start, end: start + s.length };
  }
  return best;
}
