// Every item of a cell, filtered (verdict, failed, fallback, no answer, cut, discordant with another cell, text) and paged by the server.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RuleName } from '../../../src/vocabulary.js';
import { ITEM_FLAGS, VERDICTS, type ItemFlag, type ItemQuery, type ItemRow } from '../../../src/view/api-types.js';
import { PAGE_SIZES, itemQueryParams } from '../../../src/view/item-query.js';
import { StatusBadge } from '../components/status-badge.js';
import { cellsHref, itemHref, itemsHref } from '../route.js';
import { useData } from '../use-data.js';
import { RuleSelect } from './cells-page.js';
import type { DataSource } from '../source.js';

const FLAG_WORDS: Record<ItemFlag, string> = {
  error: 'failed request',
  fallback: 'random fallback',
  'no-answer': 'no answer',
  cut: 'cut at the output length',
  changed: 'verdict changed on re-extraction',
};

const VERDICT_WORDS = { all: 'all', correct: 'correct', wrong: 'wrong (failed included)', missing: 'not recorded yet' } as const;

function Row({ row, cell, rule, back }: { row: ItemRow; cell: string; rule: RuleName; back: string }) {
  return (
    <tr>
      <td class="n">{row.position + 1}</td>
      <th scope="row"><a href={itemHref(cell, row.item, rule, back)}>{row.item}</a></th>
      <td class="question">{row.question}</td>
      <td class="mono">{row.gold}</td>
      <td class="mono">{row.answer ?? '–'}</td>
      <td><StatusBadge status={row.status} />{row.errorKind === null ? null : <span class="note"> {row.errorKind}</span>}</td>
      <td>{row.flags.filter((f) => f !== 'error').map((f) => <span key={f} class="chip">{FLAG_WORDS[f]}</span>)}</td>
      {row.other === null ? null : <td><StatusBadge status={row.other} /></td>}
    </tr>
  );
}

export function ItemsPage({ source, cell, query, version }: { source: DataSource; cell: string; query: ItemQuery; version: number }) {
  const cells = useData(() => source.cells(query.rule), [source, query.rule, version]);
  const items = useData(() => source.items(cell, query), [source, cell, JSON.stringify(query), version]);
  const [words, setWords] = useState(query.search);
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => setWords(query.search), [query.search]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key === '/' && target?.closest('input, select, textarea') == null) {
        event.preventDefault();
        search.current?.focus();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
  const row = cells.data?.rows.find((r) => r.id === cell) ?? null;
  const byId = new Map((cells.data?.rows ?? []).map((r) => [r.id, r]));
  const go = (change: Partial<ItemQuery>) => {
    location.hash = itemsHref(cell, { ...query, page: 1, ...change });
  };
  const toggleFlag = (flag: ItemFlag) => go({ flags: query.flags.includes(flag) ? query.flags.filter((f) => f !== flag) : [...query.flags, flag] });
  const payload = items.data;
  const pages = payload === null ? 1 : Math.max(1, Math.ceil(payload.matched / query.size));
  const back = itemQueryParams(query).toString();
  const paired = payload?.pairs ?? null;
  const studentAlone = row?.studentAlone ?? null;
  return (
    <section>
      <nav class="crumbs" aria-label="where"><a href={cellsHref(query.rule)}>Cells</a> › <span>{row?.label ?? cell}</span></nav>
      <h1 tabIndex={-1}>{row?.label ?? cell}</h1>
      {row === null ? null : (
        <p class="summary">
          {['acc', 'interval', 'accTeacher', 'delta', 'time', 'speedUp', 'mcnemar'].filter((k) => row.columns[k] !== undefined && row.columns[k]?.text !== '–').map((k) => (
            <span key={k} class="fact"><span class="fact-name">{cells.data?.columns.find((c) => c.key === k)?.header ?? k}</span> {row.columns[k]?.text}</span>
          ))}
        </p>
      )}
      {items.error !== null ? <p class="banner warn" role="alert">{items.error}</p> : null}
      {payload === null && !items.loading && items.error === null ? <p class="banner warn">No cell {cell} in these run folders.</p> : null}
      <form class="filters" onSubmit={(event) => { event.preventDefault(); go({ search: words }); }} aria-label="filters">
        <RuleSelect id="items-rule" rule={query.rule} onRule={(rule) => go({ rule })} />
        <fieldset>
          <legend>Verdict</legend>
          {VERDICTS.map((v) => (
            <label key={v} class="choice">
              <input type="radio" name="verdict" value={v} checked={query.verdict === v} onChange={() => go({ verdict: v })} />
              {VERDICT_WORDS[v]}
              {payload === null || v === 'all' ? null : <span class="count"> {v === 'wrong' ? payload.counts.wrong + payload.counts.failed : payload.counts[v]}</span>}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Only items with</legend>
          {ITEM_FLAGS.map((flag) => (
            <label key={flag} class="choice">
              <input type="checkbox" checked={query.flags.includes(flag)} onChange={() => toggleFlag(flag)} />
              {FLAG_WORDS[flag]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Paired with another cell</legend>
          <label class="field" for="against">
            Cell{' '}
            <select id="against" value={query.against ?? ''} onChange={(event) => {
              const value = (event.currentTarget as HTMLSelectElement).value;
              go({ against: value === '' ? null : value, discordant: value === '' ? null : query.discordant });
            }}>
              <option value="">none</option>
              {(row?.comparable ?? []).map((id) => <option key={id} value={id}>{byId.get(id)?.label ?? id}{id === studentAlone ? ' (student alone)' : ''}</option>)}
            </select>
          </label>
          {query.against === null ? (
            studentAlone === null ? null : (
              <span class="quick">
                <a href={itemsHref(cell, { ...query, page: 1, against: studentAlone, discordant: 'b' })}>fixed by the guidance (b)</a>
                {' · '}
                <a href={itemsHref(cell, { ...query, page: 1, against: studentAlone, discordant: 'c' })}>broken by the guidance (c)</a>
              </span>
            )
          ) : (
            <>
              {(['b', 'c', null] as const).map((side) => (
                <label key={String(side)} class="choice">
                  <input type="radio" name="discordant" checked={query.discordant === side} onChange={() => go({ discordant: side })} />
                  {side === 'b' ? 'this right, other wrong (b)' : side === 'c' ? 'this wrong, other right (c)' : 'any'}
                  {paired === null || side === null ? null : <span class="count"> {paired[side]}</span>}
                </label>
              ))}
              {paired === null ? null : <span class="note">{paired.n} items in both</span>}
            </>
          )}
        </fieldset>
        <div class="search">
          <label for="search">Search question and answer text</label>
          <input id="search" ref={search} type="search" value={words} placeholder="words… (press / to search)" onInput={(event) => setWords((event.currentTarget as HTMLInputElement).value)} />
          <button type="submit">Search</button>
          {query.search === '' ? null : <button type="button" onClick={() => go({ search: '' })}>Clear</button>}
        </div>
      </form>
      <p class="note" role="status" aria-live="polite" data-testid="matched">
        {payload === null ? (items.loading ? 'Loading…' : '') : `${payload.matched.toLocaleString('en-US')} of ${payload.planned.toLocaleString('en-US')} items`}
        {items.loading && payload !== null ? ' · updating…' : ''}
      </p>
      {payload === null || payload.rows.length === 0 ? null : (
        <div class="scroll">
          <table class="items" data-testid="items">
            <thead>
              <tr>
                <th scope="col" class="n">#</th><th scope="col">Item</th><th scope="col">Question</th><th scope="col">Gold</th>
                <th scope="col">Answer ({query.rule})</th><th scope="col">Verdict</th><th scope="col">Flags</th>
                {query.against === null ? null : <th scope="col">Other cell</th>}
              </tr>
            </thead>
            <tbody>{payload.rows.map((r) => <Row key={r.item} row={r} cell={cell} rule={query.rule} back={back} />)}</tbody>
          </table>
        </div>
      )}
      {payload === null ? null : (
        <nav class="pager" aria-label="pages">
          <a aria-disabled={payload.query.page <= 1} href={payload.query.page <= 1 ? undefined : itemsHref(cell, { ...query, page: 1 })}>« first</a>
          <a aria-disabled={payload.query.page <= 1} href={payload.query.page <= 1 ? undefined : itemsHref(cell, { ...query, page: payload.query.page - 1 })}>‹ previous</a>
          <span>page {payload.query.page} of {pages}</span>
          <a aria-disabled={payload.query.page >= pages} href={payload.query.page >= pages ? undefined : itemsHref(cell, { ...query, page: payload.query.page + 1 })}>next ›</a>
          <a aria-disabled={payload.query.page >= pages} href={payload.query.page >= pages ? undefined : itemsHref(cell, { ...query, page: pages })}>last »</a>
          <label class="field" for="size">
            per page{' '}
            <select id="size" value={String(query.size)} onChange={(event) => go({ size: Number((event.currentTarget as HTMLSelectElement).value) })}>
              {PAGE_SIZES.map((s) => <option key={s} value={String(s)}>{s}</option>)}
            </select>
          </label>
        </nav>
      )}
    </section>
  );
}
