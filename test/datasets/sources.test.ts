// The source table: the pinned addresses, hashes and sizes of the official dataset files.
import { describe, expect, it } from 'vitest';
import { DATASET_SOURCES } from '../../src/datasets/sources.js';

describe('the source table', () => {
  it('pins the official files, their hashes and sizes', () => {
    expect(DATASET_SOURCES.gsm8k).toEqual({
      file: 'gsm8k/test.jsonl',
      sha256: '3730d312f6e3440559ace48831e51066acaca737f6eabec99bccb9e4b3c39d14',
      bytes: 749738,
      urls: [
        'https://raw.githubusercontent.com/openai/grade-school-math/3101c7d5072418e28b9008a6636bde82a006892c/grade_school_math/data/test.jsonl',
      ],
    });
    expect(DATASET_SOURCES.csqa).toEqual({
      file: 'csqa/dev_rand_split.jsonl',
      sha256: '3210497fdaae614ac085d9eb873dd7f4d49b6f965a93adadc803e1229fd8a02a',
      bytes: 471653,
      urls: [
        'https://s3.amazonaws.com/commensenseqa/dev_rand_split.jsonl',
        'https://raw.githubusercontent.com/kojima-takeshi188/zero_shot_cot/5ef330fcdeec0cd26aee27943504f91f8ec1c33c/dataset/CommonsenseQA/dev_rand_split.jsonl',
      ],
    });
  });
});
