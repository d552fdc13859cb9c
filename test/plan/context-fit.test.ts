// Whether a phase fits its model's context, from a counted or an estimated prompt, and batches larger than a server's slots.
import { describe, expect, it } from 'vitest';
import { countedSize, describeFit, estimatedSize, fitCell, judgeFit, type PhaseNeed } from '../../src/plan/context-fit.js';
import { slotWarnings } from '../../src/sweep/slot-check.js';
import type { Plan } from '../../src/plan/types.js';

const need: PhaseNeed = {
  id: 'c-1',
  what: 'cell t→s 40→300 gsm8k',
  family: { model: 's', dataset: 'gsm8k', promptSha256: 'x', instruction: '' },
  guidance: 40,
  output: 300,
};
const context = { value: 1024, source: 'GET /props: n_ctx, per slot' };

describe('judgeFit', () => {
  it.each([
    ['a counted prompt that fits', countedSize(684), 'fits', '1024/1024'],
    ['a counted prompt one token over', countedSize(685), 'overflows', '1025/1024 ✗'],
    // 3000 characters: about 750 tokens at 4 a token, at least 375 at 8.
    ['an estimate that may not fit', estimatedSize(3000), 'may-overflow', '~1090/1024 ?'],
    ['an estimate that cannot fit even at 8 characters a token', estimatedSize(6000), 'overflows', '~1840/1024 ✗'],
  ])('%s', (_what, prompt, verdict, cell) => {
    const fit = judgeFit(need, prompt, context);
    expect(fit.verdict).toBe(verdict);
    expect(fitCell(fit)).toBe(cell);
  });

  it('leaves a phase unjudged when the context is unknown', () => {
    const fit = judgeFit(need, countedSize(5000), null);
    expect(fit.verdict).toBe('unknown');
    expect(fitCell(fit)).toBe('5340/?');
  });

  it('says what does not fit, by how much, and where the context came from', () => {
    expect(describeFit(judgeFit(need, countedSize(702), context))).toBe(
      "cell t→s 40→300 gsm8k: longest prompt 702 tokens + guidance ≈40 + output 300 = 1042, more than s's context of 1024 (GET /props: n_ctx, per slot)",
    );
  });
});

describe('slotWarnings', () => {
  const plan = {
    run: 'r',
    items: {},
    passes: [{ id: 't-1', model: { name: 'teacher', model: 't' }, batching: { kind: 'static', size: 8 } }],
    cells: [{ id: 'c-1', teacher: {}, student: { model: { name: 'student', model: 's' }, batching: { kind: 'serial' } } }],
  } as unknown as Plan;

  it('warns of a teacher batch larger than its server’s slots, and of nothing else', () => {
    const slots = new Map([['teacher', { value: 4, source: 'GET /props: total_slots' }], ['student', { value: 1, source: 'GET /props: total_slots' }]]);
    const warnings = slotWarnings(plan, slots, () => true);
    expect(warnings).toEqual([
      "warning: teacher: teacher batch 8, but its server decodes 4 requests at once (GET /props: total_slots): the other 4 wait in its queue, and the phase's time includes that wait; set the model's batch to 4 or give the server more slots (llama.cpp -np)",
    ]);
    expect(slotWarnings(plan, new Map([['teacher', { value: 8, source: 's' }]]), () => true)).toEqual([]);
    expect(slotWarnings(plan, slots, (id) => id !== 't-1')).toEqual([]);
  });
});
