// Answers that look fine but are not: from another model, or from a prompt the server cut to fit its context.
import { RequestError } from './request-error.js';
import { sameModel } from './server-kinds.js';
import type { ModelApi, ModelEndpoint } from './types.js';

export interface CheckOptions {
  /** Model ids the server listed at start-up. */
  served: readonly string[];
}

export function withChecks(api: ModelApi, endpoint: ModelEndpoint, options: CheckOptions, target: string): ModelApi {
  return {
    async generate(request, signal) {
      const generation = await api.generate(request, signal);
      if (!sameModel(endpoint.kind, endpoint.servedModel, generation.responseModel, options.served)) {
        throw new RequestError({ kind: 'wrong-model', target, reason: `answered by model "${generation.responseModel}", not "${endpoint.servedModel}"` });
      }
      const context = endpoint.contextLength;
      const prompt = generation.promptTokens;
      if (context !== null && prompt !== null && prompt + request.maxTokens > context) {
        // A strict server refuses this with a 400; one that answers has cut the prompt or will cut the output.
        throw new RequestError({
          kind: 'context',
          target,
          reason: `the server answered a prompt of ${prompt} tokens with max_tokens ${request.maxTokens}, more than its context of ${context}: the prompt was truncated or the answer cut short`,
        });
      }
      return generation;
    },
  };
}
