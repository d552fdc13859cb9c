// The items page's filters, counts, McNemar pairs and paging over hand-built cell indexes.
import { describe, expect, it } from 'vitest';
import { RULE_NAMES, type RuleName } from '../../src/vocabulary.js';
import { BIT, ruleBit, type CellIndex, type ItemTable } from '../../src/view/item-bits.js';
import { itemQueryParams, parseItemQuery, queryItems } from '../../src/view/item-query.js';
import type { ItemQuery } from '../../src/view/api-types.js';

type Mark = 'correct' | 'wrong' | 'failed' | 'missing';

/** An index from one letter per item: c correct, w wrong, f failed, m missing (reference rule). */
function index(cell: string, marks: string, extra: Record<number, number> = {}): CellIndex {
  const kinds: Record<string, Mark> = { c: 'correct', w: 'wrong', f: 'failed', m: 'missing' };
  const items = [...marks].map((_, i) => `q-${i}`);
  const flags = [...marks].map((m, i) => {
    const mark = kinds[m];
    let f = mark === 'missing' ? 0 : BIT.present;
    if (mark === 'failed') f |= BIT.error;
    if (mark === 'correct') f |= ruleBit('reference', 'correct');
    return f | (extra[i] ?? 0);
  });
  return {
    cell,
    items,
    flags,
    answers: { ...Object.fromEntries(RULE_NAMES.map((rule) => [rule, items.map(() => null)])), reference: items.map((_, i) => (marks[i] === 'c' ? '1' : null)) } as Record<RuleName, Array<string | null>>,
    errors: [...marks].map((m) => (m === 'f' ? 0 : -1)),
    errorKinds: ['timeout'],
  };
}

const table: ItemTable = { questions: new Map([['q-0', 'How many?']]), gold: new Map([['q-0', '1']]) };
const query = (change: Partial<ItemQuery> = {}): ItemQuery => ({
  rule: 'reference', verdict: 'all', flags: [], against: null, discordant: null, search: '', page: 1, size: 50, ...change,
});
const ids = (payload: { rows: Array<{ item: string }> }) => payload.rows.map((r) => r.item);

describe('queryItems', () => {
  const gkt = index('gkt', 'ccwwfmcc');
  const alone = index('alone', 'cwcwwcmw');

  it('counts every planned item once by verdict; wrong keeps the failed ones, as ACC counts them', () => {
    const all = queryItems(gkt, table, query(), null, null);
    expect(all.counts).toEqual({ correct: 4, wrong: 2, failed: 1, missing: 1 });
    expect(ids(queryItems(gkt, table, query({ verdict: 'wrong' }), null, null))).toEqual(['q-2', 'q-3', 'q-4']);
    expect(ids(queryItems(gkt, table, query({ verdict: 'missing' }), null, null))).toEqual(['q-5']);
    expect(queryItems(gkt, table, query(), null, null).rows[4]).toMatchObject({ status: 'failed', errorKind: 'timeout', flags: ['error'] });
  });

  it('pairs items both cells have, as McNemar does: b right here and wrong there, c the reverse', () => {
    const paired = queryItems(gkt, table, query({ against: 'alone' }), alone, null);
    // q-5 is missing here and q-6 there: neither is paired.
    expect(paired.pairs).toEqual({ n: 6, b: 2, c: 1 });
    expect(ids(queryItems(gkt, table, query({ against: 'alone', discordant: 'b' }), alone, null))).toEqual(['q-1', 'q-7']);
    expect(ids(queryItems(gkt, table, query({ against: 'alone', discordant: 'c' }), alone, null))).toEqual(['q-2']);
    expect(queryItems(gkt, table, query({ against: 'alone' }), alone, null).rows[6]?.other).toBe('missing');
  });

  it('keeps items holding every flag asked for, under the chosen rule', () => {
    const flagged = index('x', 'wwww', { 0: BIT.cut, 1: BIT.cut | ruleBit('reference', 'fallback'), 2: ruleBit('strict', 'fallback') });
    expect(ids(queryItems(flagged, table, query({ flags: ['cut'] }), null, null))).toEqual(['q-0', 'q-1']);
    expect(ids(queryItems(flagged, table, query({ flags: ['cut', 'fallback'] }), null, null))).toEqual(['q-1']);
    expect(ids(queryItems(flagged, table, query({ rule: 'strict', flags: ['fallback'] }), null, null))).toEqual(['q-2']);
  });

  it('keeps only the items a search matched', () => {
    expect(ids(queryItems(gkt, table, query(), null, new Set(['q-3', 'q-7'])))).toEqual(['q-3', 'q-7']);
  });

  it('pages, and a page past the end shows the last one', () => {
    const big = index('big', 'c'.repeat(120));
    const second = queryItems(big, table, query({ size: 50, page: 2 }), null, null);
    expect(second.rows.map((r) => r.position)).toEqual(Array.from({ length: 50 }, (_, i) => 50 + i));
    const past = queryItems(big, table, query({ size: 50, page: 9 }), null, null);
    expect(past.query.page).toBe(3);
    expect(past.rows).toHaveLength(20);
    expect(past.matched).toBe(120);
  });

  it('reads questions and gold from the table by item id, never from object keys', () => {
    const odd = { ...index('odd', 'c'), items: ['__proto__'] };
    const row = queryItems(odd, { questions: new Map(), gold: new Map() }, query(), null, null).rows[0];
    expect(row).toMatchObject({ item: '__proto__', question: '', gold: '' });
    expect(queryItems(gkt, table, query(), null, null).rows[0]).toMatchObject({ question: 'How many?', gold: '1' });
  });
});

describe('item query parameters', () => {
  it('round-trip, leaving defaults out', () => {
    const q = query({ rule: 'strict', verdict: 'wrong', flags: ['cut', 'error'], against: 'c-1', discordant: 'c', search: 'apples', page: 3, size: 100 });
    expect(parseItemQuery(itemQueryParams(q))).toEqual(q);
    expect(itemQueryParams(query()).toString()).toBe('');
  });

  it('turn anything malformed into defaults', () => {
    const parsed = parseItemQuery(new URLSearchParams('rule=evil&verdict=<b>&flags=cut,rm -rf,cut&page=-4&size=7&discordant=x&q=' + 'a'.repeat(500)));
    expect(parsed).toMatchObject({ rule: 'reference', verdict: 'all', flags: ['cut'], page: 1, size: 50, discordant: null });
    expect(parsed.search).toHaveLength(200);
  });
});
