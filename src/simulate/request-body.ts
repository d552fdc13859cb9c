// Reads a completions or chat request body into one request shape, refusing what a strict server refuses.
import type { ChatMessage } from '../chat/render.js';
import { ApiError, badRequest } from './api-error.js';
import type { ChatRequestShape } from './chat-prompt.js';

export interface SimRequest {
  endpoint: 'completions' | 'chat';
  /** The requested model id; null when the body names none (the served model is meant). */
  model: string | null;
  prompt: string;
  maxTokens: number;
  temperature: number;
  seed: number;
  stop: string[];
  stream: boolean;
  includeUsage: boolean;
  /** Whether to return log-probabilities (completions: `logprobs: n`; chat: `logprobs: true`). */
  logprobs: boolean;
  /** A chat request's conversation and flags, which the server's template turns into `prompt`. */
  chat?: ChatRequestShape;
}

type Body = Record<string, unknown>;

/** Unknown fields (top_k, min_p, cache_prompt, repetition_penalty, ...) are accepted and ignored. */
export function readCompletionBody(body: unknown): SimRequest {
  const b = asObject(body);
  if (Array.isArray(b.prompt)) {
    throw badRequest('prompt', 'prompt must be a single string: this server does not accept a list of prompts or token ids');
  }
  if (typeof b.prompt !== 'string') throw badRequest('prompt', 'prompt is required and must be a string');
  const logprobs = b.logprobs ?? null;
  if (logprobs !== null && !(Number.isInteger(logprobs) && (logprobs as number) >= 0 && (logprobs as number) <= 20)) {
    throw badRequest('logprobs', 'logprobs must be a whole number from 0 to 20, or null');
  }
  if (b.echo === true) throw badRequest('echo', 'echo is not supported by this server');
  if (b.best_of !== undefined && b.best_of !== null && b.best_of !== 1) throw badRequest('best_of', 'best_of must be 1');
  return { endpoint: 'completions', prompt: b.prompt, logprobs: logprobs !== null, maxTokens: maxTokens(b, 'max_tokens'), ...common(b) };
}

/** The conversation of a chat request, which the server renders with its template (see chat-prompt.ts). */
export function readChatBody(body: unknown): SimRequest & { chat: ChatRequestShape } {
  const b = asObject(body);
  if (!Array.isArray(b.messages) || b.messages.length === 0) throw badRequest('messages', 'messages must be a non-empty list');
  const contents = b.messages.map((message: unknown, i) => messageText(message, i));
  const messages = b.messages.map((message: unknown, i): ChatMessage => ({ role: messageRole(message, i), content: contents[i]! }));
  const flag = (name: string): boolean | null => {
    const value = b[name] ?? null;
    if (value !== null && typeof value !== 'boolean') throw badRequest(name, `${name} must be true or false`);
    return value as boolean | null;
  };
  const chat = { messages, continueFinal: flag('continue_final_message'), addGenerationPrompt: flag('add_generation_prompt') };
  const logprobs = b.logprobs ?? false;
  if (typeof logprobs !== 'boolean') throw badRequest('logprobs', 'logprobs must be true or false');
  const field = b.max_completion_tokens !== undefined && b.max_completion_tokens !== null ? 'max_completion_tokens' : 'max_tokens';
  return { endpoint: 'chat', prompt: '', chat, logprobs, maxTokens: maxTokens(b, field), ...common(b) };
}

function common(b: Body): Omit<SimRequest, 'endpoint' | 'prompt' | 'logprobs' | 'maxTokens'> {
  if (b.model !== undefined && b.model !== null && typeof b.model !== 'string') throw badRequest('model', 'model must be a string');
  const temperature = b.temperature ?? 1;
  if (typeof temperature !== 'number' || !(temperature >= 0 && temperature <= 2)) {
    throw badRequest('temperature', 'temperature must be a number from 0 to 2');
  }
  const topP = b.top_p ?? 1;
  if (typeof topP !== 'number' || !(topP > 0 && topP <= 1)) throw badRequest('top_p', 'top_p must be a number above 0, at most 1');
  const seed = b.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw badRequest('seed', 'seed must be a whole number');
  if (b.n !== undefined && b.n !== null && b.n !== 1) throw badRequest('n', 'n must be 1: this server returns one choice');
  const stream = b.stream ?? false;
  if (typeof stream !== 'boolean') throw badRequest('stream', 'stream must be true or false');
  const streamOptions = b.stream_options ?? null;
  if (streamOptions !== null && (typeof streamOptions !== 'object' || Array.isArray(streamOptions))) {
    throw badRequest('stream_options', 'stream_options must be an object');
  }
  const includeUsage = (streamOptions as Body | null)?.include_usage === true;
  return { model: (b.model as string | null | undefined) ?? null, temperature, seed: seed as number, stop: stopList(b.stop), stream, includeUsage };
}

function asObject(body: unknown): Body {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(400, 'the request body must be a JSON object');
  }
  return body as Body;
}

function maxTokens(b: Body, field: string): number {
  const value = b[field];
  if (value === undefined || value === null) throw badRequest(field, `${field} is required by this server`);
  if (!Number.isInteger(value) || (value as number) < 1) throw badRequest(field, `${field} must be a whole number above 0`);
  return value as number;
}

function stopList(stop: unknown): string[] {
  if (stop === undefined || stop === null) return [];
  if (typeof stop === 'string') return [stop];
  if (Array.isArray(stop) && stop.every((s) => typeof s === 'string')) return stop as string[];
  throw badRequest('stop', 'stop must be a string, a list of strings, or null');
}

function messageRole(message: unknown, i: number): ChatMessage['role'] {
  const role = (message as Body).role;
  if (role === 'system' || role === 'user' || role === 'assistant') return role;
  throw badRequest('messages', `messages[${i}].role must be system, user or assistant`);
}

function messageText(message: unknown, i: number): string {
  if (message === null || typeof message !== 'object') throw badRequest('messages', `messages[${i}] must be an object`);
  const content = (message as Body).content;
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (Array.isArray(content)) {
    return content
      .map((part: unknown, j) => {
        const text = (part as Body | null)?.text;
        if (typeof text !== 'string') throw badRequest('messages', `messages[${i}].content[${j}] must be a text part`);
        return text;
      })
      .join('');
  }
  throw badRequest('messages', `messages[${i}].content must be a string or a list of text parts`);
}
