// Every cell as in Table 2, sortable; each opens its items. Above it, the sweep's progress.
import { useState } from 'preact/hooks';
import { RULE_NAMES, type RuleName } from '../../../src/vocabulary.js';
import type { CellRow, RunPayload } from '../../../src/view/api-types.js';
import { DashboardView } from '../components/dashboard-view.js';
import { cellsHref, itemsHref } from '../route.js';
import { useData } from '../use-data.js';
import type { DataSource } from '../source.js';

type Sort = { key: string; descending: boolean } | null;

function sortRows(rows: CellRow[], sort: Sort): CellRow[] {
  if (sort === null) return rows;
  const value = (row: CellRow) => row.columns[sort.key];
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    // Cells without a value go last either way.
    if (x?.value == null || y?.value == null) {
      if (x?.value == null && y?.value == null) return (x?.text ?? '').localeCompare(y?.text ?? '') * (sort.descending ? -1 : 1);
      return x?.value == null ? 1 : -1;
    }
    return (x.value - y.value) * (sort.descending ? -1 : 1);
  });
}

export function RuleSelect({ rule, onRule, id }: { rule: RuleName; onRule: (rule: RuleName) => void; id: string }) {
  return (
    <label class="field" for={id}>
      Headline rule{' '}
      <select id={id} value={rule} onChange={(event) => onRule((event.currentTarget as HTMLSelectElement).value as RuleName)}>
        {RULE_NAMES.map((r) => <option key={r} value={r}>{r}</option>)}
      </select>
    </label>
  );
}

export function CellsPage({ source, rule, version, run }: { source: DataSource; rule: RuleName; version: number; run: RunPayload | null }) {
  const cells = useData(() => source.cells(rule), [source, rule, version]);
  const [sort, setSort] = useState<Sort>(null);
  const payload = cells.data;
  const toggle = (key: string) =>
    setSort((old) => (old?.key === key ? (old.descending ? null : { key, descending: true }) : { key, descending: false }));
  return (
    <section>
      <h1 tabIndex={-1}>{run?.title ?? 'gkt view'}</h1>
      {run === null ? null : <p class="note">Run folders: {run.dirs.join(', ')} · gkt {run.gkt.version ?? '?'}{run.gkt.commit === null ? '' : ` (${run.gkt.commit.slice(0, 12)})`}</p>}
      {run !== null && run.simulated.length > 0 ? (
        <p class="banner sim"><strong>Simulated models</strong> ({run.simulated.join(', ')}): their accuracies and times exercise the harness and describe no real model.</p>
      ) : null}
      {payload !== null && payload.warnings.length > 0 ? (
        <div class="banner warn"><strong>Warnings</strong><ul>{payload.warnings.map((w) => <li key={w}>{w}</li>)}</ul></div>
      ) : null}
      {run === null ? null : <DashboardView dashboard={run.dashboard} live={run.live} />}
      <h2>Cells</h2>
      <div class="controls">
        <RuleSelect id="cells-rule" rule={rule} onRule={(r) => (location.hash = cellsHref(r))} />
        <span class="note">Click a column heading to sort; open a cell to see its items.</span>
      </div>
      {cells.error !== null ? <p class="banner warn" role="alert">{cells.error}</p> : null}
      {payload === null ? <p class="note">Loading…</p> : (
        <>
          <div class="scroll">
            <table class="cells" data-testid="cells">
              <thead>
                <tr>
                  {payload.columns.map((c) => (
                    <th key={c.key} scope="col" class={c.numeric ? 'n' : ''} title={c.title} aria-sort={sort?.key === c.key ? (sort.descending ? 'descending' : 'ascending') : undefined}>
                      <button type="button" class="sort" onClick={() => toggle(c.key)}>
                        {c.header}{sort?.key === c.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {sortRows(payload.rows, sort).map((row) => (
                  <tr key={row.id} class={row.kind}>
                    {payload.columns.map((c, i) => {
                      const value = row.columns[c.key];
                      const text = value?.text ?? '–';
                      const cls = `${c.numeric ? 'n' : ''}${value !== undefined && value.marks !== '' ? ' marked' : ''}`;
                      return i === 0 ? (
                        <th scope="row" key={c.key} class={cls}>
                          <a href={itemsHref(row.id, { rule, verdict: 'all', flags: [], against: null, discordant: null, search: '', page: 1, size: 50 })} title={row.label}>{text}</a>
                        </th>
                      ) : (
                        <td key={c.key} class={cls}>{text}</td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {payload.legend.map((line) => <p key={line} class="note">{line}</p>)}
        </>
      )}
    </section>
  );
}
