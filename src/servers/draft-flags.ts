// The command-line flags that serve a teacher with a draft model, per server kind, added to a launch that lacks them.
import type { ServerKind, SpeculativeRef } from '../vocabulary.js';

/** Flags that already say how to speculate: when a launch holds one, its own choice stands. */
const OWN: Partial<Record<ServerKind, string[]>> = {
  vllm: ['--speculative-config', '--speculative_config', '--speculative-model'],
  sglang: ['--speculative-algorithm', '--speculative-draft-model-path'],
  llamacpp: ['-md', '--model-draft'],
};

/**
 * vLLM: `--speculative-config` with the draft model and its tokens per step. SGLang: a standalone draft model,
 * one chain (top-k 1) of `draftTokens` steps, verified as that many tokens and one more. llama.cpp: the draft
 * GGUF and the most tokens it drafts a step. Other kinds, or no draft named: nothing.
 */
export function draftFlags(kind: ServerKind, speculative: SpeculativeRef, args: readonly string[]): string[] {
  const own = OWN[kind];
  if (own === undefined || speculative.draft === null) return [];
  if (args.some((arg) => own.some((flag) => arg === flag || arg.startsWith(`${flag}=`)))) return [];
  const n = speculative.draftTokens;
  switch (kind) {
    case 'vllm':
      return ['--speculative-config', JSON.stringify({ method: 'draft_model', model: speculative.draft, num_speculative_tokens: n })];
    case 'sglang':
      return [
        '--speculative-algorithm', 'STANDALONE',
        '--speculative-draft-model-path', speculative.draft,
        '--speculative-num-steps', String(n),
        '--speculative-eagle-topk', '1',
        '--speculative-num-draft-tokens', String(n + 1),
      ];
    default:
      return ['-md', speculative.draft, '--draft-max', String(n)];
  }
}
