// The plain progress lines: the status lines give the last stretch's rate, the done line the whole phase's.
import { describe, expect, it } from 'vitest';
import { plainProgress } from '../../src/progress/plain.js';

describe('plainProgress', () => {
  it('ends a phase with its own rate, not the last interval’s', () => {
    let now = 0;
    const lines: string[] = [];
    const progress = plainProgress({ write: (line) => lines.push(line), now: () => now, intervalMs: 5000 });
    const phase = progress.phase({ index: 1, count: 1, label: 'cell', role: 'student', total: 11, done: 0 });
    // Ten requests in the first ten seconds, then one more after a twenty-second stall.
    for (let i = 1; i <= 10; i++) {
      now = i * 1000;
      phase.tick({ ok: true, completionTokens: 100 });
    }
    now = 30_000;
    phase.tick({ ok: true, completionTokens: 100 });
    phase.end();
    const done = lines.at(-1)!;
    // 11 requests and 1100 tokens over 30 s.
    expect(done).toMatch(/^done \[1\/1\] cell: 11\/11 items, 0\.4 req\/s, 37 tok\/s, 0 errors, took 30/);
  });
});
