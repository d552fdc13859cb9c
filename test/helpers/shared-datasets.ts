// The full GSM8K and CSQA copies kept beside the repository (../shared/datasets), where a machine has them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED_DATASETS = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));

/** Tests of the real files run where the copies are (CI has them); elsewhere they are skipped, not failed. */
export const haveSharedDatasets =
  existsSync(join(SHARED_DATASETS, 'gsm8k', 'test.jsonl')) && existsSync(join(SHARED_DATASETS, 'csqa', 'dev_rand_split.jsonl'));
