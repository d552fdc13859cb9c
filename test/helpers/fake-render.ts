// The bodies the fake server sends for an answer: whole JSON or stream events, per route, in each server's shape (pure).
import type { Answer, TokenPiece } from './fake-replies.js';

export type GenerationRoute = 'completions' | 'chat' | 'generate';

/** One stream event and how many tokens have been sent once it has gone out. */
export interface StreamEvent {
  data: unknown;
  tokensSent: number;
}

interface Shaping {
  route: GenerationRoute;
  /** The request's parsed body. */
  body: Record<string, unknown>;
  /** The model id the response names. */
  model: string;
}

const CREATED = 1_700_000_000;

function usage(answer: Answer): Record<string, number> | undefined {
  if (answer.usage === null) return undefined;
  const { prompt, completion } = answer.usage;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** Which logprobs shape to send, or null when the request did not ask or the answer withholds them. */
function logprobsShape(answer: Answer, shaping: Shaping): 'legacy' | 'content' | null {
  const asked = shaping.body.logprobs;
  if (asked === undefined || asked === null || asked === false || asked === 0 || answer.logprobs === 'none') return null;
  if (answer.logprobs !== 'auto') return answer.logprobs;
  return shaping.route === 'chat' ? 'content' : 'legacy';
}

/** Logprobs for `pieces`, the first of which starts at UTF-16 offset `offset` of the completion. */
function logprobs(pieces: readonly TokenPiece[], shape: 'legacy' | 'content' | null, offset: number): unknown {
  if (shape === null) return null;
  if (shape === 'content') {
    return { content: pieces.map((p) => ({ token: p.token, bytes: p.bytes ?? [...Buffer.from(p.token, 'utf8')], logprob: -0.5, top_logprobs: [] })) };
  }
  const text_offset: number[] = [];
  let at = offset;
  for (const p of pieces) {
    text_offset.push(at);
    at += p.token.length;
  }
  return { tokens: pieces.map((p) => p.token), token_logprobs: pieces.map(() => -0.5), top_logprobs: null, text_offset };
}

function choice(route: GenerationRoute, text: string, finishReason: string | null, lp: unknown, streamed: boolean, reasoning?: string): Record<string, unknown> {
  const message = { role: 'assistant', content: text, ...(reasoning !== undefined ? { reasoning_content: reasoning } : {}) };
  const content = route === 'chat' ? { [streamed ? 'delta' : 'message']: message } : { text };
  return { index: 0, ...content, logprobs: lp, finish_reason: finishReason };
}

/** The whole response of an unstreamed request. */
export function wholeBody(answer: Answer, shaping: Shaping): Record<string, unknown> {
  if (shaping.route === 'generate') return ollamaLine(answer, shaping, answer.text, true);
  const shape = logprobsShape(answer, shaping);
  return {
    id: 'fake-1',
    object: shaping.route === 'chat' ? 'chat.completion' : 'text_completion',
    created: CREATED,
    model: shaping.model,
    choices: [choice(shaping.route, answer.text, answer.finishReason, logprobs(answer.tokens, shape, 0), false, answer.reasoning)],
    ...(answer.usage !== null ? { usage: usage(answer) } : {}),
    ...(answer.timings ? { timings: answer.timings } : {}),
  };
}

function ollamaLine(answer: Answer, shaping: Shaping, text: string, done: boolean): Record<string, unknown> {
  const line: Record<string, unknown> = { model: shaping.model, created_at: '2025-01-01T00:00:00Z', response: text, done };
  if (!done) return line;
  return {
    ...line,
    done_reason: answer.finishReason,
    ...(answer.usage !== null ? { prompt_eval_count: answer.usage.prompt, eval_count: answer.usage.completion } : {}),
    total_duration: 5_000_000,
    load_duration: 1_000_000,
    prompt_eval_duration: 1_000_000,
    eval_duration: 3_000_000,
  };
}

/**
 * The text each token's chunk carries. A character split across tokens is sent with the token that completes
 * it, as llama.cpp and vLLM hold back incomplete UTF-8; text beyond what the tokens spell goes with the last.
 */
export function chunkTexts(answer: Answer): string[] {
  const bytes = answer.tokens.map((p) => p.bytes ?? [...Buffer.from(p.token, 'utf8')]);
  if (Buffer.from(bytes.flat()).toString('utf8') === answer.text) {
    const decoder = new TextDecoder('utf-8');
    return bytes.map((b) => decoder.decode(Uint8Array.from(b), { stream: true }));
  }
  const texts = answer.tokens.map((p) => p.token);
  const joined = texts.join('');
  if (texts.length > 0 && answer.text.startsWith(joined)) texts[texts.length - 1] += answer.text.slice(joined.length);
  return texts;
}

/** One event per token, the finish reason on the last; then the usage event when `stream_options.include_usage` asks. */
export function streamEvents(answer: Answer, shaping: Shaping): StreamEvent[] {
  const { route } = shaping;
  const texts = chunkTexts(answer);
  if (route === 'generate') {
    return [
      ...texts.map((text, i) => ({ data: ollamaLine(answer, shaping, text, false), tokensSent: i + 1 })),
      { data: ollamaLine(answer, shaping, '', true), tokensSent: answer.tokens.length },
    ];
  }
  const shape = logprobsShape(answer, shaping);
  const head = { id: 'fake-1', object: route === 'chat' ? 'chat.completion.chunk' : 'text_completion', created: CREATED, model: shaping.model };
  const events: StreamEvent[] = [];
  // The first chunk names the role; thinking returned apart comes in it, before the text.
  if (route === 'chat') events.push({ data: { ...head, choices: [choice(route, '', null, null, true, answer.reasoning)] }, tokensSent: 0 });
  if (answer.llamaCppChunks !== undefined) events.push(...llamaCppTokenEvents(answer, shaping, head, shape));
  else events.push(...tokenEvents(answer, shaping, head, shape, texts));
  if (answer.tokens.length === 0) events.push({ data: { ...head, choices: [choice(route, '', answer.finishReason, null, true)] }, tokensSent: 0 });
  const final = events[events.length - 1]!.data as Record<string, unknown>;
  if (answer.timings) final.timings = answer.timings;
  const options = shaping.body.stream_options as { include_usage?: unknown } | undefined;
  if (options?.include_usage === true && answer.usage !== null) {
    events.push({ data: { ...head, choices: [], usage: usage(answer) }, tokensSent: answer.tokens.length });
  }
  return events;
}

/** One chunk per token, with that token's logprobs entry. */
function tokenEvents(answer: Answer, shaping: Shaping, head: Record<string, unknown>, shape: 'legacy' | 'content' | null, texts: readonly string[]): StreamEvent[] {
  const events: StreamEvent[] = [];
  let offset = 0;
  answer.tokens.forEach((piece, i) => {
    const last = i === answer.tokens.length - 1;
    events.push({
      data: { ...head, choices: [choice(shaping.route, texts[i]!, last ? answer.finishReason : null, logprobs([piece], shape, offset), true)] },
      tokensSent: i + 1,
    });
    offset += piece.token.length;
  });
  return events;
}

/**
 * llama.cpp's token chunks: a token whose bytes end inside a character sends nothing; the next token's chunk
 * carries both, with one logprobs entry for both (its bytes, its text with invalid bytes replaced).
 */
function llamaCppTokenEvents(answer: Answer, shaping: Shaping, head: Record<string, unknown>, shape: 'legacy' | 'content' | null): StreamEvent[] {
  const perToken = answer.llamaCppChunks?.perTokenTimings === true && shaping.body.timings_per_token === true;
  const decoder = new TextDecoder('utf-8');
  const events: StreamEvent[] = [];
  let held: number[] = [];
  answer.tokens.forEach((piece, i) => {
    const last = i === answer.tokens.length - 1;
    const bytes = piece.bytes ?? [...Buffer.from(piece.token, 'utf8')];
    held.push(...bytes);
    const text = decoder.decode(Uint8Array.from(bytes), { stream: !last });
    if (text === '' && !last) return;
    const entry = { token: Buffer.from(held).toString('utf8'), bytes: held };
    held = [];
    events.push({
      data: {
        ...head,
        choices: [choice(shaping.route, text, last ? answer.finishReason : null, logprobs([entry], shape, 0), true)],
        ...(perToken ? { timings: { predicted_n: i + 1, predicted_ms: i + 1 } } : {}),
      },
      tokensSent: i + 1,
    });
  });
  return events;
}

/** A stream with no choice in any chunk: what an empty `choices` list looks like when streamed. */
export function emptyStreamEvents(shaping: Shaping): StreamEvent[] {
  return [{ data: { id: 'fake-1', object: 'text_completion', created: CREATED, model: shaping.model, choices: [] }, tokensSent: 0 }];
}
