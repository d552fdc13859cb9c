// One item of one cell: question and gold, the prompt, the answer with the guidance marked and each rule's match in place, requests and errors.
import { useEffect, useState } from 'preact/hooks';
import type { RuleName } from '../../../src/vocabulary.js';
import type { ItemDetail } from '../../../src/view/api-types.js';
import { AnswerView } from '../components/answer-view.js';
import { EvidenceTable } from '../components/evidence-table.js';
import { MarkedText } from '../components/marked-text.js';
import { PromptView } from '../components/prompt-view.js';
import { RequestTable } from '../components/request-facts.js';
import { StatusBadge } from '../components/status-badge.js';
import { TimelineView } from '../components/timeline-view.js';
import { cellsHref, compareHref, itemHref } from '../route.js';
import { useData } from '../use-data.js';
import type { DataSource } from '../source.js';

export function verdict(detail: ItemDetail, rule: RuleName): 'correct' | 'wrong' | 'failed' | 'missing' {
  if (detail.status !== 'answered') return detail.status;
  return detail.rules.find((r) => r.rule === rule)?.correct === true ? 'correct' : 'wrong';
}

export function ErrorBox({ detail }: { detail: ItemDetail }) {
  if (detail.error === null) return null;
  const e = detail.error;
  return (
    <div class="banner warn" role="note">
      <strong>The {e.role} request failed</strong> ({e.kind}{e.status === null ? '' : `, HTTP ${e.status}`}, {e.attempts} {e.attempts === 1 ? 'attempt' : 'attempts'}); the item counts as wrong.
      <pre class="text">{e.message}</pre>
    </div>
  );
}

function TeacherText({ detail }: { detail: ItemDetail }) {
  const guidance = detail.guidance;
  if (guidance?.teacherText == null || guidance.teacherText === guidance.raw) return null;
  const cut = guidance.teacherText.startsWith(guidance.raw) ? guidance.raw.length : 0;
  return (
    <details>
      <summary>The teacher's whole answer in its pass ({guidance.tokens} tokens of it became the guidance)</summary>
      <pre class="text">
        <MarkedText text={guidance.teacherText} ranges={cut > 0 ? [{ start: 0, end: cut, kind: 'guidance', label: 'the first tokens, taken as guidance' }] : []} />
      </pre>
    </details>
  );
}

export function ItemPage({ source, cell, item, rule, back, version }: { source: DataSource; cell: string; item: string; rule: RuleName; back: string; version: number }) {
  const detail = useData(() => source.item(cell, item, rule), [source, cell, item, rule, version]);
  const cells = useData(() => source.cells(rule), [source, rule, version]);
  const row = cells.data?.rows.find((r) => r.id === cell) ?? null;
  const [other, setOther] = useState<string>('');
  const d = detail.data;
  useEffect(() => {
    if (other === '' && row !== null) setOther(row.studentAlone ?? row.comparable[0] ?? '');
  }, [row?.id]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, select, textarea') != null || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === 'n' && d?.next != null) location.hash = itemHref(cell, d.next, rule, back);
      if (event.key === 'p' && d?.prev != null) location.hash = itemHref(cell, d.prev, rule, back);
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [d?.next, d?.prev, rule, back]);
  const label = row?.label ?? d?.cell.label ?? cell;
  const listHref = `#/cell/${encodeURIComponent(cell)}${back === '' ? (rule === 'reference' ? '' : `?rule=${rule}`) : `?${back}`}`;
  const evidence = d?.rules.find((r) => r.rule === rule);
  const setRule = (r: RuleName) => (location.hash = itemHref(cell, item, r, back));
  return (
    <section>
      <nav class="crumbs" aria-label="where">
        <a href={cellsHref(rule)}>Cells</a> › <a href={listHref}>{label}</a> › <span>{item}</span>
      </nav>
      <h1 tabIndex={-1}>Item {item}</h1>
      {detail.error !== null ? <p class="banner warn" role="alert">{detail.error}</p> : null}
      {d === null ? (detail.loading ? <p class="note">Loading…</p> : <p class="banner warn">No item {item} in cell {cell}.</p>) : (
        <>
          <div class="controls">
            <span>Under the <strong>{rule}</strong> rule: <StatusBadge status={verdict(d, rule)} /></span>
            <span class="note">item {d.position + 1} of {d.planned}</span>
            <span class="nav">
              {d.prev === null ? null : <a href={itemHref(cell, d.prev, rule, back)} rel="prev">‹ previous (p)</a>}
              {d.next === null ? null : <a href={itemHref(cell, d.next, rule, back)} rel="next">next (n) ›</a>}
            </span>
          </div>
          {row === null || row.comparable.length === 0 ? null : (
            <form class="controls" onSubmit={(event) => { event.preventDefault(); if (other !== '') location.hash = compareHref(cell, other, item, rule); }}>
              <label class="field" for="compare-with">
                Compare with{' '}
                <select id="compare-with" value={other} onChange={(event) => setOther((event.currentTarget as HTMLSelectElement).value)}>
                  {row.comparable.map((id) => {
                    const o = cells.data?.rows.find((r) => r.id === id);
                    return <option key={id} value={id}>{o?.label ?? id}{id === row.studentAlone ? ' (student alone)' : ''}</option>;
                  })}
                </select>
              </label>
              <button type="submit">Side by side</button>
            </form>
          )}
          <ErrorBox detail={d} />
          <h2>Question</h2>
          <pre class="text question">{d.question}</pre>
          <p>Gold: <span class="mono gold">{d.gold}</span></p>
          <h2>Answer</h2>
          <AnswerView detail={d} evidence={evidence} />
          {d.rules.length === 0 ? null : <EvidenceTable rules={d.rules} rule={rule} onRule={setRule} caption="Each rule on the whole answer (guidance, then continuation)" />}
          {d.teacherRules === null ? null : <EvidenceTable rules={d.teacherRules} rule={rule} caption="Each rule on the guidance alone (ACC_teacher)" />}
          <TeacherText detail={d} />
          <h2>Prompt</h2>
          <PromptView source={source} detail={d} span={evidence?.where === 'prompt' ? evidence.span : null} />
          <h2>Requests</h2>
          <RequestTable detail={d} />
          <TimelineView timeline={d.timeline} />
        </>
      )}
    </section>
  );
}
