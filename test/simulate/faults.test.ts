// Deliberate faults: decided per request number and seed, at the profile's rate, over its kinds.
import { describe, expect, it } from 'vitest';
import { faultFor } from '../../src/simulate/faults.js';
import { FAULT_KINDS } from '../../src/simulate/profile.js';

describe('faultFor', () => {
  it('never fails without faults or at rate 0, always at rate 1', () => {
    for (let n = 0; n < 100; n++) {
      expect(faultFor(undefined, n)).toBeNull();
      expect(faultFor({ rate: 0, kinds: ['500'], seed: 0 }, n)).toBeNull();
      expect(faultFor({ rate: 1, kinds: ['503'], seed: 0 }, n)).toBe('503');
    }
  });

  it('fails about `rate` of the requests, using every kind, the same way every time', () => {
    const faults = { rate: 0.25, kinds: [...FAULT_KINDS], seed: 3 };
    const decisions = Array.from({ length: 4000 }, (_, n) => faultFor(faults, n));
    const failed = decisions.filter((d) => d !== null);
    expect(failed.length / decisions.length).toBeGreaterThan(0.2);
    expect(failed.length / decisions.length).toBeLessThan(0.3);
    expect(new Set(failed)).toEqual(new Set(FAULT_KINDS));
    expect(Array.from({ length: 4000 }, (_, n) => faultFor(faults, n))).toEqual(decisions);
  });

  it('fails other requests under another seed', () => {
    const pick = (seed: number) => Array.from({ length: 200 }, (_, n) => faultFor({ rate: 0.5, kinds: ['429'], seed }, n));
    expect(pick(1)).not.toEqual(pick(2));
  });
});
