// Dataset paths: the official file names under a datasets folder, and which names are datasets.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDatasetPath, isDatasetName } from '../../src/datasets/paths.js';

describe('defaultDatasetPath', () => {
  it.each([
    ['gsm8k', join('/data', 'gsm8k', 'test.jsonl')],
    ['csqa', join('/data', 'csqa', 'dev_rand_split.jsonl')],
  ] as const)('%s', (name, path) => {
    expect(defaultDatasetPath(name, '/data')).toBe(path);
  });

  it.each([
    ['gsm8k', true],
    ['csqa', true],
    ['GSM8K', false],
    ['squad', false],
    ['', false],
  ])('isDatasetName(%j) is %s', (name, expected) => {
    expect(isDatasetName(name)).toBe(expected);
  });
});
