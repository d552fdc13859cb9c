// The JSON body of one generation request, with every sampling parameter spelled out (pure).
import { GktError } from '../util/errors.js';
import { SERVER_KIND_INFO } from './server-kinds.js';
import type { GenerateRequest, ModelEndpoint } from './types.js';

/**
 * Servers fill in what a request leaves out with their own defaults (SERVERS.md), so every body names
 * max_tokens, temperature, top_p, seed and stop, and the kind's switches for its other samplers.
 * The config's `extraBody` comes last and wins.
 */
export function openAiBody(endpoint: ModelEndpoint, request: GenerateRequest): Record<string, unknown> {
  const info = SERVER_KIND_INFO[endpoint.kind];
  if (info.maxStops !== null && request.stop.length > info.maxStops) {
    throw new GktError(`${endpoint.key}: ${request.stop.length} stop sequences, but a ${endpoint.kind} server takes at most ${info.maxStops}`);
  }
  const common = {
    model: endpoint.servedModel,
    [endpoint.maxTokensField]: request.maxTokens,
    temperature: request.sampling.temperature,
    top_p: request.sampling.topP,
    seed: request.seed,
    // No stop sequence is said explicitly: OpenAI takes null, the open servers an empty list.
    stop: request.stop.length > 0 ? request.stop : endpoint.kind === 'openai' ? null : [],
    stream: request.stream,
    ...(request.stream ? { stream_options: { include_usage: true } } : {}),
    ...info.samplingExtras(request.sampling),
    // Each chunk then says how many tokens llama.cpp has decoded: one chunk can hold two (token-ends.ts).
    ...(endpoint.kind === 'llamacpp' && request.wantTokens && request.stream ? { timings_per_token: true } : {}),
    // llama.cpp drafts only for a slot that keeps its prompt cache (its can_speculate), which gkt otherwise turns off.
    ...(endpoint.speculative && endpoint.kind === 'llamacpp' ? { cache_prompt: true } : {}),
  };
  if (endpoint.api === 'chat') {
    const chat = request.chat;
    return {
      ...common,
      messages: chat?.messages ?? [{ role: 'user', content: request.prompt }],
      // vLLM's and SGLang's names (llama.cpp continues a final assistant message unasked, and reads them too).
      ...(chat?.continueFinal ? { continue_final_message: true, add_generation_prompt: false } : {}),
      ...(chat !== undefined && Object.keys(chat.variables).length > 0 ? { chat_template_kwargs: chat.variables } : {}),
      ...(request.wantTokens ? { logprobs: true } : {}),
      ...endpoint.extraBody,
    };
  }
  return {
    ...common,
    prompt: request.prompt,
    ...(request.addSpecialTokens === false ? { add_special_tokens: false } : {}),
    // llama.cpp answers `logprobs: 0` with null, so one alternative is asked for.
    ...(request.wantTokens ? { logprobs: 1 } : {}),
    ...endpoint.extraBody,
  };
}

/** Ollama's native /api/generate with `raw: true`: the prompt goes to the model as is, without a chat template. */
export function ollamaBody(endpoint: ModelEndpoint, request: GenerateRequest): Record<string, unknown> {
  const { extraBody } = endpoint;
  const extraOptions = typeof extraBody.options === 'object' && extraBody.options !== null ? (extraBody.options as Record<string, unknown>) : {};
  return {
    model: endpoint.servedModel,
    prompt: request.prompt,
    raw: true,
    stream: request.stream,
    ...extraBody,
    options: {
      num_predict: request.maxTokens,
      temperature: request.sampling.temperature,
      top_p: request.sampling.topP,
      seed: request.seed,
      stop: request.stop,
      ...SERVER_KIND_INFO.ollama.samplingExtras(request.sampling),
      // The OpenAI API cannot set Ollama's context; the native one can, so long prompts are not cut.
      ...(endpoint.contextLength !== null ? { num_ctx: endpoint.contextLength } : {}),
      ...extraOptions,
    },
  };
}
