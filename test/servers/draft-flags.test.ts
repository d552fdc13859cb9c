// The flags that serve a teacher with its draft, per server kind, and a launch that names its own left alone.
import { describe, expect, it } from 'vitest';
import { draftFlags } from '../../src/servers/draft-flags.js';

const speculative = { teacher: 't', draft: 'org/draft-1b', draftTokens: 4 };

describe('draftFlags', () => {
  it('gives each kind its own way of naming the draft and its tokens per step', () => {
    expect(draftFlags('vllm', speculative, ['serve', 'org/big'])).toEqual([
      '--speculative-config', '{"method":"draft_model","model":"org/draft-1b","num_speculative_tokens":4}',
    ]);
    expect(draftFlags('sglang', speculative, [])).toEqual([
      '--speculative-algorithm', 'STANDALONE', '--speculative-draft-model-path', 'org/draft-1b',
      '--speculative-num-steps', '4', '--speculative-eagle-topk', '1', '--speculative-num-draft-tokens', '5',
    ]);
    expect(draftFlags('llamacpp', { ...speculative, draft: 'models/draft.gguf' }, ['-m', 'big.gguf'])).toEqual(['-md', 'models/draft.gguf', '--draft-max', '4']);
  });

  it('adds nothing to a launch that names its draft itself, to a kind without draft flags, or without a draft', () => {
    expect(draftFlags('vllm', speculative, ['serve', 'x', '--speculative-config={"model":"y"}'])).toEqual([]);
    expect(draftFlags('llamacpp', speculative, ['-m', 'x.gguf', '--model-draft', 'y.gguf'])).toEqual([]);
    expect(draftFlags('tgi', speculative, [])).toEqual([]);
    expect(draftFlags('vllm', { ...speculative, draft: null }, [])).toEqual([]);
  });
});
