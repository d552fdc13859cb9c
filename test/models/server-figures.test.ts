// Reading a server's spec-decode counters from its Prometheus text, as vLLM writes it.
import { describe, expect, it } from 'vitest';
import { parseSpecCounters } from '../../src/models/server-figures.js';

describe('parseSpecCounters', () => {
  it('sums each counter over its label sets and ignores the rest', () => {
    const text = [
      '# HELP vllm:spec_decode_num_drafts_total Number of spec decoding drafts.',
      '# TYPE vllm:spec_decode_num_drafts_total counter',
      'vllm:spec_decode_num_drafts_total{engine="0",model_name="m"} 10.0',
      'vllm:spec_decode_num_drafts_total{engine="1",model_name="m"} 5.0',
      'vllm:spec_decode_num_draft_tokens_total{engine="0",model_name="m"} 60.0',
      'vllm:spec_decode_num_accepted_tokens_total{engine="0",model_name="m"} 31.0 1712345678',
      'vllm:spec_decode_num_accepted_tokens_per_pos_total{engine="0",model_name="m",position="0"} 9.0',
      'vllm:num_requests_running{engine="0"} 3.0',
    ].join('\n');
    expect(parseSpecCounters(text)).toEqual({ drafts: 15, draftTokens: 60, acceptedTokens: 31 });
  });

  it('gives null for a server without speculative decoding', () => {
    expect(parseSpecCounters('vllm:num_requests_running{engine="0"} 0.0\n')).toBeNull();
    expect(parseSpecCounters('')).toBeNull();
  });
});
