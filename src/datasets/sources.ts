// Where each dataset comes from and the bytes it must have: pinned addresses and sha256 of the official files.
import type { DatasetName } from '../vocabulary.js';

export interface DatasetSource {
  /** Path of the file inside the datasets folder, `/`-separated. */
  file: string;
  sha256: string;
  bytes: number;
  /** Tried in order; every one must serve the same bytes. */
  urls: string[];
}

export type DatasetSources = Record<DatasetName, DatasetSource>;

const GSM8K_COMMIT = '3101c7d5072418e28b9008a6636bde82a006892c';
const CSQA_MIRROR_COMMIT = '5ef330fcdeec0cd26aee27943504f91f8ec1c33c';

export const DATASET_SOURCES: DatasetSources = {
  gsm8k: {
    file: 'gsm8k/test.jsonl',
    sha256: '3730d312f6e3440559ace48831e51066acaca737f6eabec99bccb9e4b3c39d14',
    bytes: 749738,
    urls: [`https://raw.githubusercontent.com/openai/grade-school-math/${GSM8K_COMMIT}/grade_school_math/data/test.jsonl`],
  },
  csqa: {
    file: 'csqa/dev_rand_split.jsonl',
    sha256: '3210497fdaae614ac085d9eb873dd7f4d49b6f965a93adadc803e1229fd8a02a',
    bytes: 471653,
    urls: [
      // The address the CommonsenseQA website links to.
      'https://s3.amazonaws.com/commensenseqa/dev_rand_split.jsonl',
      // A byte-identical copy pinned to a commit, for when the official bucket is unreachable.
      `https://raw.githubusercontent.com/kojima-takeshi188/zero_shot_cot/${CSQA_MIRROR_COMMIT}/dataset/CommonsenseQA/dev_rand_split.jsonl`,
    ],
  },
};
