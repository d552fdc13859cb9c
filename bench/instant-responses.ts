// Canned answers for the instant server, shaped by the simulator's own response builders (pure).
import { generateText } from '../src/simulate/completion.js';
import { responseBody, streamChunk, usage, usageChunk, type ResponseMeta } from '../src/simulate/responses.js';
import type { SimRequest } from '../src/simulate/request-body.js';

/**
 * A prompt's token count from its length alone: cheap enough that the server never becomes the
 * bottleneck, and the same in answers and at /tokenize, so gkt's truncation check finds nothing cut.
 */
export function promptTokens(prompt: string): number {
  return Math.ceil(prompt.length / 4);
}

const FILLER = ' She has 12 apples and buys 3 more bags of 4 apples each, so she has 12 + 3 * 4 = 24 apples.';

function filler(minChars: number): string {
  return FILLER.repeat(Math.ceil(minChars / FILLER.length) + 1);
}

const event = (data: unknown): string => `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

export type AnswerShape = Pick<SimRequest, 'endpoint' | 'model' | 'maxTokens' | 'stream' | 'logprobs'>;

/** An answer of one shape, built once: only the usage, which counts the prompt, is written per request. */
export interface CannedAnswer {
  contentType: string;
  bytes(promptTokens: number): Buffer;
}

/** A whole JSON body, or an event stream of one chunk per token, the finish reason, the usage chunk and `[DONE]`. */
export function cannedAnswer(shape: AnswerShape): CannedAnswer {
  const generated = generateText(filler, shape.maxTokens, []);
  const meta: ResponseMeta = { id: 'cmpl-instant', created: 1, model: shape.model ?? 'instant', endpoint: shape.endpoint, logprobs: shape.logprobs };
  if (!shape.stream) {
    const { usage: _usage, ...rest } = responseBody(meta, generated, 0);
    // The body without its usage, closing brace cut: the usage goes last, as in the simulator's answers.
    const head = Buffer.from(JSON.stringify(rest).slice(0, -1));
    return {
      contentType: 'application/json',
      bytes: (prompt) => Buffer.concat([head, Buffer.from(`,"usage":${JSON.stringify(usage(prompt, generated.completionTokens))}}`)]),
    };
  }
  let text = '';
  let offset = 0;
  generated.pieces.forEach((piece, i) => {
    const last = i === generated.pieces.length - 1;
    text += event(streamChunk(meta, [piece], [generated.logprobs[i]!], offset, last ? generated.finishReason : null));
    offset += piece.length;
  });
  const head = Buffer.from(text);
  return {
    contentType: 'text/event-stream',
    bytes: (prompt) => Buffer.concat([head, Buffer.from(event(usageChunk(meta, prompt, generated.completionTokens)) + event('[DONE]'))]),
  };
}
