// The served profile from flags and a profile file: overrides, relative paths, dataset detection.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetArgument, recordDataset, resolveServeProfile } from '../../src/simulate/serve-profile.js';
import { UsageError } from '../../src/util/errors.js';
import { CSQA_PATH, FIXTURES, GSM8K_PATH } from './helpers.js';

describe('resolveServeProfile', () => {
  it('reads the profile file, its dataset paths relative to its folder', async () => {
    const profile = await resolveServeProfile({ profile: 'profile.json' }, FIXTURES);
    expect(profile).toMatchObject({ model: 'sim-teacher', accuracy: 0.6, slots: 4 });
    expect(profile.datasets).toEqual([
      { name: 'gsm8k', path: GSM8K_PATH },
      { name: 'csqa', path: CSQA_PATH },
    ]);
  });

  it('lets flags override the file and add datasets', async () => {
    const profile = await resolveServeProfile(
      { profile: join(FIXTURES, 'profile.json'), model: 'sim-student', accuracy: 0.2, decodeMs: 3, dataset: [`csqa=${CSQA_PATH}`] },
      '/',
    );
    expect(profile).toMatchObject({ model: 'sim-student', accuracy: 0.2, slots: 4, decodeMsPerToken: 3 });
    expect(profile.datasets).toHaveLength(3);
  });

  it('works from flags alone, with defaults', async () => {
    const profile = await resolveServeProfile({ dataset: ['gsm8k.jsonl'], slots: 2 }, FIXTURES);
    expect(profile).toMatchObject({ model: 'sim-model', accuracy: 0.5, slots: 2, datasets: [{ name: 'gsm8k', path: GSM8K_PATH }] });
  });

  it('names the file and each bad field', async () => {
    await expect(resolveServeProfile({ profile: 'bad-profile.json' }, FIXTURES)).rejects.toThrow(
      new UsageError(
        `${join(FIXTURES, 'bad-profile.json')}: colour: unknown field (known: model, accuracy, helpHorizon, slots, prefillMsPerToken, decodeMsPerToken, overheadMs, contextLength, difficulty, vocabulary, datasets, faults, chat, speculative); accuracy: must be a number from 0 to 1; slots: must be a whole number above 0; datasets[0].name: must be one of gsm8k, csqa`,
      ),
    );
  });

  it('names a missing or unreadable profile file', async () => {
    await expect(resolveServeProfile({ profile: 'missing.json' }, FIXTURES)).rejects.toThrow(/missing\.json: cannot read the simulator profile \(ENOENT\)/);
    await expect(resolveServeProfile({ profile: 'exemplars.txt' }, FIXTURES)).rejects.toThrow(/exemplars\.txt: not valid JSON/);
  });
});

describe('datasetArgument', () => {
  it('takes name=path, or tells the dataset from the first record', async () => {
    expect(await datasetArgument('csqa=x.jsonl', '/data')).toEqual({ name: 'csqa', path: '/data/x.jsonl' });
    expect(await datasetArgument(GSM8K_PATH, '/')).toEqual({ name: 'gsm8k', path: GSM8K_PATH });
    expect(await datasetArgument('csqa.jsonl', FIXTURES)).toEqual({ name: 'csqa', path: CSQA_PATH });
  });

  it('refuses an unknown name and a file it cannot tell', async () => {
    await expect(datasetArgument('mmlu=x.jsonl', '/')).rejects.toThrow('--dataset mmlu=x.jsonl: unknown dataset "mmlu" (known: gsm8k, csqa)');
    const dir = mkdtempSync(join(tmpdir(), 'gkt-sim-'));
    writeFileSync(join(dir, 'other.jsonl'), '\n{"text": "hello"}\n');
    await expect(datasetArgument('other.jsonl', dir)).rejects.toThrow(`${join(dir, 'other.jsonl')}:2: cannot tell the dataset`);
  });
});

describe('recordDataset', () => {
  it.each([
    [{ question: 'q', answer: 'a\n#### 1' }, 'gsm8k'],
    [{ answerKey: 'A', id: 'x', question: { stem: 's', choices: [] } }, 'csqa'],
    [{ question: { stem: 's' } }, 'csqa'],
    [{ text: 'x' }, null],
    [[1], null],
    ['string', null],
  ])('%j → %s', (record, name) => {
    expect(recordDataset(record)).toBe(name);
  });
});
