// Serves one generation request: checks it, answers it, and paces the answer by the latency model.
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { doubtSpan, planAnswer } from './answer.js';
import type { ModelTraits } from './answer.js';
import { ApiError } from './api-error.js';
import { generateText, generateTurn } from './completion.js';
import { chatReply } from './chat-answer.js';
import { isChatPrompt, readChatPrompt } from './chat-prompt.js';
import type { GeneratedText } from './completion.js';
import { faultFor } from './faults.js';
import { sendError, sendJson, startEventStream, writeEvent } from './http-io.js';
import { CHAT_DEFAULTS, type SimulatorProfile, type SpeculativeProfile } from './profile.js';
import { createRng, deriveSeed } from '../util/rng.js';
import { readPrompt } from './read-prompt.js';
import type { SimRequest } from './request-body.js';
import { responseBody, streamChunk, usageChunk } from './responses.js';
import type { ResponseMeta } from './responses.js';
import type { SimItem } from './sim-item.js';
import type { SlotPool } from './slot-pool.js';
import { countTokens } from './tokenizer.js';

export interface GenerationContext {
  profile: SimulatorProfile;
  traits: ModelTraits;
  findItem: (question: string) => SimItem;
  pool: SlotPool;
  /** Numbers this server's generation requests from 0: response ids and fault decisions use it. */
  nextRequest: () => number;
  /** Wall clock in seconds, for `created`. */
  now: () => number;
  /** A speculative server's counters since it started, as vLLM's /metrics reports them. */
  drafts: { drafts: number; draftTokens: number; acceptedTokens: number };
}

export function serveGeneration(context: GenerationContext, request: SimRequest, res: ServerResponse): void {
  const { profile } = context;
  if (request.model !== null && request.model !== profile.model) {
    throw new ApiError(404, `The model \`${request.model}\` does not exist. This server serves \`${profile.model}\`.`, {
      param: 'model',
      code: 'model_not_found',
    });
  }
  const promptTokens = countTokens(request.prompt);
  const total = promptTokens + request.maxTokens;
  if (total > profile.contextLength) {
    throw new ApiError(
      400,
      `This model's maximum context length is ${profile.contextLength} tokens. However, you requested ${total} tokens ` +
        `(${promptTokens} in the messages, ${request.maxTokens} in the completion). Please reduce the length of the messages or completion.`,
      { param: 'max_tokens', code: 'context_length_exceeded' },
    );
  }
  const n = context.nextRequest();
  const meta: ResponseMeta = {
    id: `${request.endpoint === 'chat' ? 'chatcmpl' : 'cmpl'}-gkt-${n}`,
    created: context.now(),
    model: profile.model,
    endpoint: request.endpoint,
    logprobs: request.logprobs,
  };
  const fault = faultFor(profile.faults, n);
  if (fault !== null) return serveFault(fault, meta, request, res);

  const generated = isChatPrompt(request.prompt) ? chatGeneration(context, request) : baseGeneration(context, request);
  // A client that left while its body was read is past its 'close' event: nothing to answer.
  if (res.destroyed) return;
  let decodeMs = profile.decodeMsPerToken;
  if (profile.speculative !== undefined && generated.completionTokens > 0) {
    const steps = speculativeSteps(profile.speculative, generated.completionTokens, deriveSeed(profile.model, request.seed, request.prompt));
    meta.draft = { predicted: generated.completionTokens, drafted: steps.drafted, accepted: steps.accepted };
    context.drafts.drafts += steps.steps;
    context.drafts.draftTokens += steps.drafted;
    context.drafts.acceptedTokens += steps.accepted;
    // One target pass per step and the draft's tokens, spread over the tokens the steps emit.
    decodeMs = (steps.steps * profile.decodeMsPerToken + steps.drafted * profile.speculative.draftMsPerToken) / generated.completionTokens;
  }
  if (request.stream) startEventStream(res);
  let timer: { cancel(): void } | undefined;
  const ticket = context.pool.acquire((slot) => {
    const prefillEnd = performance.now() + profile.overheadMs + promptTokens * profile.prefillMsPerToken;
    const pace: Pace = { prefillEnd, decodeMs };
    const finish = request.stream ? streamAnswer : sendAnswer;
    timer = finish(res, meta, generated, promptTokens, request.includeUsage, pace, () => slot.release());
  });
  // The client may leave (or the server close) while the request waits or decodes: free what it holds.
  res.on('close', () => {
    timer?.cancel();
    ticket.release();
  });
}

/** A base model's continuation of a few-shot prompt: it never stops by itself. */
function baseGeneration(context: GenerationContext, request: SimRequest): GeneratedText {
  const reading = readPrompt(request.prompt);
  const plan = planAnswer(context.findItem(reading.question), reading, context.traits, request.temperature > 0 ? request.seed : 0);
  return generateText(plan.text, request.maxTokens, request.stop, (text) => doubtSpan(text, plan));
}

/**
 * Speculative decoding of `tokens` tokens: each step the draft proposes up to `draftTokens` (never past the
 * last token, which the target writes), accepted in turn with probability `acceptance` until the first
 * rejection, and the target adds one token of its own.
 */
export function speculativeSteps(profile: SpeculativeProfile, tokens: number, seed: number): { steps: number; drafted: number; accepted: number } {
  const rng = createRng(seed);
  let left = tokens;
  let steps = 0;
  let drafted = 0;
  let accepted = 0;
  while (left > 0) {
    const draft = Math.min(profile.draftTokens, left - 1);
    let taken = 0;
    while (taken < draft && rng() < profile.acceptance) taken++;
    steps += 1;
    drafted += draft;
    accepted += taken;
    left -= taken + 1;
  }
  return { steps, drafted, accepted };
}

/**
 * A chat model's turn: the question is the last user turn's, the projection's instruction opens the
 * first user turn, and what the assistant's open turn holds is continued; the turn then ends.
 */
function chatGeneration(context: GenerationContext, request: SimRequest): GeneratedText {
  const reading = readChatPrompt(request.prompt);
  const users = reading.turns.filter((t) => t.role === 'user');
  const question = readPrompt(users.at(-1)?.content ?? '').question;
  const style = readPrompt(users[0]?.content ?? '').style;
  const reply = chatReply({
    item: context.findItem(question),
    traits: context.traits,
    chat: context.profile.chat ?? CHAT_DEFAULTS,
    style,
    seed: request.temperature > 0 ? request.seed : 0,
    open: reading.open ?? '',
  });
  return generateTurn(reply, request.maxTokens, request.stop);
}

interface Pace {
  /** performance.now() when prefill (and overhead) ends and the first token starts decoding. */
  prefillEnd: number;
  decodeMs: number;
}

type Finish = (
  res: ServerResponse,
  meta: ResponseMeta,
  generated: GeneratedText,
  promptTokens: number,
  includeUsage: boolean,
  pace: Pace,
  done: () => void,
) => { cancel(): void };

/** One timer per request: the whole answer is sent when its last token would be decoded. */
const sendAnswer: Finish = (res, meta, generated, promptTokens, _includeUsage, pace, done) => {
  const send = (): void => {
    sendJson(res, 200, responseBody(meta, generated, promptTokens));
    done();
  };
  const delay = pace.prefillEnd + generated.completionTokens * pace.decodeMs - performance.now();
  if (delay <= 0) {
    send();
    return { cancel: () => {} };
  }
  const timer = setTimeout(send, delay);
  return { cancel: () => clearTimeout(timer) };
};

/** Each tick sends every token due by then in one chunk, then sleeps until the next token is due. */
const streamAnswer: Finish = (res, meta, generated, promptTokens, includeUsage, pace, done) => {
  const { pieces } = generated;
  const dueAt = (count: number): number => pace.prefillEnd + count * pace.decodeMs;
  const finishAt = dueAt(generated.completionTokens);
  let sent = 0;
  let offset = 0;
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    const now = performance.now();
    let ready = sent;
    while (ready < pieces.length && dueAt(ready + 1) <= now) ready++;
    const finished = now >= finishAt;
    if (ready > sent || finished) {
      const chunk = pieces.slice(sent, ready);
      writeEvent(res, streamChunk(meta, chunk, generated.logprobs.slice(sent, ready), offset, finished ? generated.finishReason : null));
      offset += chunk.reduce((length, piece) => length + piece.length, 0);
      sent = ready;
    }
    if (finished) {
      if (includeUsage) writeEvent(res, usageChunk(meta, promptTokens, generated.completionTokens));
      writeEvent(res, '[DONE]');
      res.end();
      done();
      return;
    }
    timer = setTimeout(tick, Math.max(0, (sent < pieces.length ? dueAt(sent + 1) : finishAt) - now));
  };
  tick();
  return { cancel: () => clearTimeout(timer) };
};

function serveFault(fault: NonNullable<ReturnType<typeof faultFor>>, meta: ResponseMeta, request: SimRequest, res: ServerResponse): void {
  switch (fault) {
    case '429':
      return sendError(res, new ApiError(429, 'simulated fault: rate limit reached', { type: 'rate_limit_error', code: 'rate_limit_exceeded' }), {
        'retry-after': '0',
      });
    case '500':
      return sendError(res, new ApiError(500, 'simulated fault: internal server error'));
    case '503':
      return sendError(res, new ApiError(503, 'simulated fault: the server is overloaded', { type: 'service_unavailable' }));
    case 'reset':
      res.socket?.destroy();
      return;
    case 'hang':
      // Never answered; the client's timeout (or the server's close) ends it.
      return;
    case 'malformed': {
      const broken = `{"id":"${meta.id}","object":"${request.endpoint === 'chat' ? 'chat.completion' : 'text_completion'}","choices":[{"index":0,`;
      if (request.stream) {
        startEventStream(res);
        writeEvent(res, broken);
        writeEvent(res, '[DONE]');
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(broken);
      return;
    }
  }
}
