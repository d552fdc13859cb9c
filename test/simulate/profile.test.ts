// Profile validation: defaults, and one-line errors naming the source and every bad field.
import { describe, expect, it } from 'vitest';
import { PROFILE_DEFAULTS, parseProfile } from '../../src/simulate/profile.js';
import { UsageError } from '../../src/util/errors.js';

function errorOf(json: unknown): string {
  try {
    parseProfile(json, 'sim.json');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseProfile', () => {
  it('fills every default', () => {
    expect(parseProfile({}, 'sim.json')).toEqual({ ...PROFILE_DEFAULTS, datasets: [] });
  });

  it('keeps given fields, datasets and faults', () => {
    const profile = parseProfile(
      {
        model: 'teacher',
        accuracy: 0.6,
        helpHorizon: 30,
        slots: 2,
        prefillMsPerToken: 0.1,
        decodeMsPerToken: 5,
        overheadMs: 3,
        contextLength: 1024,
        datasets: [{ name: 'csqa', path: 'dev.jsonl' }],
        faults: { rate: 0.1, kinds: ['429', 'reset'] },
      },
      'sim.json',
    );
    expect(profile).toEqual({
      model: 'teacher',
      accuracy: 0.6,
      helpHorizon: 30,
      slots: 2,
      prefillMsPerToken: 0.1,
      decodeMsPerToken: 5,
      overheadMs: 3,
      contextLength: 1024,
      datasets: [{ name: 'csqa', path: 'dev.jsonl' }],
      faults: { rate: 0.1, kinds: ['429', 'reset'], seed: 0 },
      difficulty: 0,
      vocabulary: 'gkt',
    });
  });

  it.each([
    [[], 'sim.json: a simulator profile must be a JSON object'],
    [{ accuracy: 1.2 }, 'sim.json: accuracy: must be a number from 0 to 1'],
    [{ accuracy: '0.5' }, 'sim.json: accuracy: must be a number from 0 to 1'],
    [{ slots: 1.5 }, 'sim.json: slots: must be a whole number above 0'],
    [{ helpHorizon: 0 }, 'sim.json: helpHorizon: must be a number above 0'],
    [{ decodeMsPerToken: -1 }, 'sim.json: decodeMsPerToken: must be a number, 0 or more'],
    [{ model: '' }, 'sim.json: model: must be a non-empty string'],
    [{ datasets: {} }, 'sim.json: datasets: must be a list of {name, path}'],
    [{ datasets: [{ name: 'mmlu', path: 'x' }] }, 'sim.json: datasets[0].name: must be one of gsm8k, csqa'],
    [{ datasets: [{ name: 'gsm8k' }] }, 'sim.json: datasets[0].path: must be a non-empty string'],
    [{ faults: { rate: 0.5, kinds: ['404'] } }, 'sim.json: faults.kinds: must be a non-empty list of 429, 500, 503, reset, hang, malformed'],
    [{ faults: { rate: 2, kinds: ['500'], extra: 1 } }, 'sim.json: faults.extra: unknown field (known: rate, kinds, seed); faults.rate: must be a number from 0 to 1'],
  ])('%j → %s', (json, message) => {
    expect(errorOf(json)).toBe(message);
  });

  it('lists every problem, unknown fields included, on one line', () => {
    const message = errorOf({ accuracy: 2, slots: 0, colour: 'blue' });
    expect(message).toMatch(/^sim\.json: colour: unknown field \(known: .*\); accuracy: .*; slots: .*$/);
    expect(message).not.toContain('\n');
  });
});
