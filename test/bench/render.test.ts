import { describe, expect, it } from 'vitest';
import { mergeReports, targetCount, withVerdicts, type BenchReport } from '../../bench/bench-report.js';
import { requestsClaimed } from '../../bench/paper-sweep.js';
import { renderMarkdown, renderTable } from '../../bench/render.js';

function report(): BenchReport {
  const figures = withVerdicts([
    { id: 'a', group: 'Client overhead', subgroup: 'teacher', label: 'rate | ratio', value: 0.5, unit: 'ratio', target: { op: '>=', value: 0.85 }, note: 'gkt 10/s, bare 20/s' },
    { id: 'b', group: 'Sweep cost', label: 'tokens per item', value: 40, unit: 'tokens', target: { op: '<=', value: 40 } },
    { id: 'c', group: 'Sweep cost', label: 'requests per item', value: 1, unit: 'requests' },
  ]);
  return {
    command: 'npm run bench',
    started: '2026-01-01T00:00:00.000Z',
    seconds: 200,
    gkt: { version: '0.1.0', commit: '0123456789abcdef', uncommittedChanges: false },
    machine: { node: 'v20.20.2', platform: 'linux x64', cpu: 'CPU', cores: 2, memoryMb: 1000, loadAtStart: [1, 1, 1], loadAtEnd: [2, 2, 2] },
    figures,
    targets: targetCount(figures),
    warnings: [],
  };
}

describe('renderTable', () => {
  it('groups figures and says which targets were missed', () => {
    const text = renderTable(report());
    expect(text).toMatch(/Client overhead\n {2}teacher\n {4}rate \| ratio\s+0\.500\s+≥ 0\.850\s+MISSED\s+gkt 10\/s, bare 20\/s/);
    expect(text).toMatch(/tokens per item\s+40\s+tokens\s+≤ 40\s+met/);
    expect(text).toMatch(/requests per item\s+1\s+request\n/);
    expect(text).toContain('1 of 2 targets met');
  });
});

describe('renderMarkdown', () => {
  it('shows the command, the conditions and one table per group, pipes escaped', () => {
    const md = renderMarkdown(report());
    expect(md).toContain('```sh\nnpm run bench\n```');
    expect(md).toContain('at 0123456789ab;');
    expect(md).toContain('**1 of 2 targets met.**');
    expect(md).toContain('| **teacher** | | | | |\n| rate \\| ratio | 0.500 | ≥ 0.850 | MISSED | gkt 10/s, bare 20/s |');
    expect(md).toContain('| requests per item | 1 request |  |  |  |');
    expect(md.match(/^## /gm)).toHaveLength(2);
  });

  it('lists the warnings the measured runs printed', () => {
    const warned = { ...report(), warnings: ['MaxListenersExceededWarning: Possible EventTarget memory leak detected.'] };
    expect(renderMarkdown(warned)).toContain('## Warnings\n\nThe measured `gkt run`s printed:\n\n- `MaxListenersExceededWarning: Possible EventTarget memory leak detected.`');
    expect(renderTable(warned)).toContain('the measured runs printed: MaxListenersExceededWarning');
  });
});

describe('requestsClaimed', () => {
  it.each([
    ['gkt: done in 9.1 s, 0 requests made; report: gkt report x', 0],
    ['noise\ngkt: done in 130.7 s, 17147 requests made; report: …', 17147],
    ['gkt: stopped', null],
  ])('%j → %s', (stderr, expected) => {
    expect(requestsClaimed(stderr)).toBe(expected);
  });
});

describe('mergeReports', () => {
  it('puts a later run\'s groups in place of their old figures, keeps the others, and says what was measured again', () => {
    const later: BenchReport = {
      ...report(),
      command: 'npm run bench -- --only sweep --merge',
      started: '2026-02-01T00:00:00.000Z',
      figures: withVerdicts([{ id: 'b', group: 'Sweep cost', label: 'tokens per item', value: 39, unit: 'tokens', target: { op: '<=', value: 40 } }]),
    };
    const merged = mergeReports(report(), later);
    expect(merged.figures.map((f) => [f.id, f.value])).toEqual([['a', 0.5], ['b', 39]]);
    expect(merged.targets).toEqual({ total: 2, met: 1 });
    expect(merged.started).toBe('2026-01-01T00:00:00.000Z');
    expect(merged.updates).toMatchObject([{ command: 'npm run bench -- --only sweep --merge', groups: ['Sweep cost'] }]);
    expect(renderMarkdown(merged)).toContain('Measured again since, by `npm run bench -- --only sweep --merge`: Sweep cost, at 2026-02-01T00:00:00.000Z');
    // Measured again once more, the older update of the same groups goes.
    expect(mergeReports(merged, later).updates).toHaveLength(1);
  });
});
