// Response bodies and stream chunks, shaped as OpenAI's completions and chat completions APIs shape them.
import type { GeneratedText } from './completion.js';
import { chatLogprobs, legacyLogprobs } from './logprobs.js';
import type { SimRequest } from './request-body.js';

export const SYSTEM_FINGERPRINT = 'gkt-simulated';

export interface ResponseMeta {
  id: string;
  created: number;
  model: string;
  endpoint: SimRequest['endpoint'];
  logprobs: boolean;
  /** A speculative server's counts for this request. */
  draft?: { predicted: number; drafted: number; accepted: number };
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export function usage(promptTokens: number, completionTokens: number): Usage {
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

function head(meta: ResponseMeta, chunk: boolean): Record<string, unknown> {
  const object = meta.endpoint === 'chat' ? (chunk ? 'chat.completion.chunk' : 'chat.completion') : 'text_completion';
  return { id: meta.id, object, created: meta.created, model: meta.model, system_fingerprint: SYSTEM_FINGERPRINT };
}

export function responseBody(meta: ResponseMeta, generated: GeneratedText, promptTokens: number): Record<string, unknown> {
  const { text, pieces, finishReason } = generated;
  const choice =
    meta.endpoint === 'chat'
      ? {
          index: 0,
          message: { role: 'assistant', content: text },
          logprobs: meta.logprobs ? chatLogprobs(pieces, generated.logprobs) : null,
          finish_reason: finishReason,
        }
      : { index: 0, text, logprobs: meta.logprobs ? legacyLogprobs(pieces, generated.logprobs, 0) : null, finish_reason: finishReason };
  return { ...head(meta, false), choices: [choice], usage: usage(promptTokens, generated.completionTokens), ...timingsOf(meta) };
}

/**
 * One stream chunk carrying `pieces`, which start at `offset` in the completion text. The first chat
 * chunk also names the role, as OpenAI's first delta does.
 */
export function streamChunk(
  meta: ResponseMeta,
  pieces: string[],
  values: number[],
  offset: number,
  finishReason: GeneratedText['finishReason'] | null,
): Record<string, unknown> {
  const text = pieces.join('');
  const choice =
    meta.endpoint === 'chat'
      ? {
          index: 0,
          delta: offset === 0 ? { role: 'assistant', content: text } : { content: text },
          logprobs: meta.logprobs ? chatLogprobs(pieces, values) : null,
          finish_reason: finishReason,
        }
      : { index: 0, text, logprobs: meta.logprobs ? legacyLogprobs(pieces, values, offset) : null, finish_reason: finishReason };
  // llama.cpp sends its timings with the last chunk.
  return { ...head(meta, true), choices: [choice], ...(finishReason !== null ? timingsOf(meta) : {}) };
}

export function usageChunk(meta: ResponseMeta, promptTokens: number, completionTokens: number): Record<string, unknown> {
  return { ...head(meta, true), choices: [], usage: usage(promptTokens, completionTokens) };
}

/** A speculative server's draft counts, in llama.cpp's `timings`. */
function timingsOf(meta: ResponseMeta): Record<string, unknown> {
  return meta.draft === undefined ? {} : { timings: { predicted_n: meta.draft.predicted, draft_n: meta.draft.drafted, draft_n_accepted: meta.draft.accepted } };
}
