// The same item in two cells side by side: GKT against the student alone, two guidance lengths, two pairs.
import type { RuleName } from '../../../src/vocabulary.js';
import { AnswerView } from '../components/answer-view.js';
import { EvidenceTable } from '../components/evidence-table.js';
import { RequestTable } from '../components/request-facts.js';
import { StatusBadge } from '../components/status-badge.js';
import { cellsHref, compareHref, itemHref } from '../route.js';
import { useData } from '../use-data.js';
import { ErrorBox, verdict } from './item-page.js';
import type { DataSource } from '../source.js';

function Side({ source, cell, item, rule, version, label, onRule }: { source: DataSource; cell: string; item: string; rule: RuleName; version: number; label: string; onRule: (rule: RuleName) => void }) {
  const detail = useData(() => source.item(cell, item, rule), [source, cell, item, rule, version]);
  const d = detail.data;
  return (
    <article class="side" aria-label={label}>
      <h2><a href={itemHref(cell, item, rule)}>{label}</a></h2>
      {detail.error !== null ? <p class="banner warn" role="alert">{detail.error}</p> : null}
      {d === null ? (detail.loading ? <p class="note">Loading…</p> : <p class="banner warn">No item {item} in this cell.</p>) : (
        <>
          <p><StatusBadge status={verdict(d, rule)} /> under {rule}{d.rules.find((r) => r.rule === rule)?.answer == null ? '' : `: ${d.rules.find((r) => r.rule === rule)?.answer ?? ''}`}</p>
          <ErrorBox detail={d} />
          <AnswerView detail={d} evidence={d.rules.find((r) => r.rule === rule)} />
          {d.rules.length === 0 ? null : <EvidenceTable rules={d.rules} rule={rule} onRule={onRule} caption="Each rule" compact />}
          <RequestTable detail={d} />
        </>
      )}
    </article>
  );
}

export function ComparePage({ source, left, right, item, rule, version }: { source: DataSource; left: string; right: string; item: string; rule: RuleName; version: number }) {
  const cells = useData(() => source.cells(rule), [source, rule, version]);
  const label = (id: string) => cells.data?.rows.find((r) => r.id === id)?.label ?? id;
  const row = cells.data?.rows.find((r) => r.id === left) ?? null;
  const setRule = (r: RuleName) => (location.hash = compareHref(left, right, item, r));
  return (
    <section>
      <nav class="crumbs" aria-label="where"><a href={cellsHref(rule)}>Cells</a> › <a href={itemHref(left, item, rule)}>{label(left)}</a> › <span>compare</span></nav>
      <h1 tabIndex={-1}>Item {item}, side by side</h1>
      <form class="controls" onSubmit={(event) => event.preventDefault()}>
        <label class="field" for="compare-right">
          Against{' '}
          <select id="compare-right" value={right} onChange={(event) => (location.hash = compareHref(left, (event.currentTarget as HTMLSelectElement).value, item, rule))}>
            {[right, ...(row?.comparable ?? []).filter((id) => id !== right)].map((id) => <option key={id} value={id}>{label(id)}</option>)}
          </select>
        </label>
        <label class="field" for="compare-rule">
          Rule{' '}
          <select id="compare-rule" value={rule} onChange={(event) => setRule((event.currentTarget as HTMLSelectElement).value as RuleName)}>
            {(['reference', 'strict', 'flexible'] as const).map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </label>
        <a href={compareHref(right, left, item, rule)}>swap sides</a>
      </form>
      <div class="sides">
        <Side source={source} cell={left} item={item} rule={rule} version={version} label={label(left)} onRule={setRule} />
        <Side source={source} cell={right} item={item} rule={rule} version={version} label={label(right)} onRule={setRule} />
      </div>
    </section>
  );
}
