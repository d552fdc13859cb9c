// The items page's filters and paging over a cell's index (pure): the server runs it, and so do the pages of a bundle.
import { RULE_NAMES, type RuleName } from '../vocabulary.js';
import { ITEM_FLAGS, VERDICTS, type ItemFlag, type ItemQuery, type ItemRow, type ItemsPayload, type Verdict } from './api-types.js';
import { BIT, ruleBit, type CellIndex, type ItemTable } from './item-bits.js';

export const PAGE_SIZES = [25, 50, 100, 200] as const;
const DEFAULT_SIZE = 50;
/** Longer searches are cut: a query is a few words, not a document. */
const SEARCH_CHARS = 200;

type Status = ItemRow['status'];

export function itemStatus(flags: number, rule: RuleName): Status {
  if ((flags & BIT.present) === 0) return 'missing';
  if ((flags & BIT.error) !== 0) return 'failed';
  return (flags & ruleBit(rule, 'correct')) !== 0 ? 'correct' : 'wrong';
}

function hasFlag(flags: number, flag: ItemFlag, rule: RuleName): boolean {
  switch (flag) {
    case 'error':
      return (flags & BIT.error) !== 0;
    case 'cut':
      return (flags & BIT.cut) !== 0;
    case 'fallback':
      return (flags & ruleBit(rule, 'fallback')) !== 0;
    case 'no-answer':
      return (flags & ruleBit(rule, 'noAnswer')) !== 0;
    case 'changed':
      return (flags & ruleBit(rule, 'changed')) !== 0;
  }
}

function flagsOf(flags: number, rule: RuleName): ItemFlag[] {
  return ITEM_FLAGS.filter((flag) => hasFlag(flags, flag, rule));
}

function keepsVerdict(status: Status, verdict: Verdict): boolean {
  if (verdict === 'all') return true;
  if (verdict === 'wrong') return status === 'wrong' || status === 'failed';
  return status === verdict;
}

/** Defaults for anything missing or malformed: a hand-edited URL shows a page, never an error. */
export function parseItemQuery(params: URLSearchParams): ItemQuery {
  const rule = params.get('rule');
  const verdict = params.get('verdict');
  const discordant = params.get('discordant');
  const page = Number(params.get('page') ?? '1');
  const size = Number(params.get('size') ?? String(DEFAULT_SIZE));
  const flags = (params.get('flags') ?? '').split(',').filter((f): f is ItemFlag => (ITEM_FLAGS as readonly string[]).includes(f));
  const against = params.get('against');
  return {
    rule: (RULE_NAMES as readonly string[]).includes(rule ?? '') ? (rule as RuleName) : 'reference',
    verdict: (VERDICTS as readonly string[]).includes(verdict ?? '') ? (verdict as Verdict) : 'all',
    flags: [...new Set(flags)],
    against: against === null || against === '' ? null : against,
    discordant: discordant === 'b' || discordant === 'c' ? discordant : null,
    search: (params.get('q') ?? '').slice(0, SEARCH_CHARS),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_SIZE,
  };
}

/** The query as URL parameters, defaults left out, so links stay short. */
export function itemQueryParams(query: ItemQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.rule !== 'reference') params.set('rule', query.rule);
  if (query.verdict !== 'all') params.set('verdict', query.verdict);
  if (query.flags.length > 0) params.set('flags', query.flags.join(','));
  if (query.against !== null) params.set('against', query.against);
  if (query.discordant !== null) params.set('discordant', query.discordant);
  if (query.search !== '') params.set('q', query.search);
  if (query.page !== 1) params.set('page', String(query.page));
  if (query.size !== DEFAULT_SIZE) params.set('size', String(query.size));
  return params;
}

/** Case-folded, spaces collapsed: what a search compares, on both sides. */
export function searchKey(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ');
}

/**
 * One page of a cell's items. `other` is the cell named by `query.against` (null when none or
 * unknown); `matches` the items whose texts hold `query.search` (null when there is no search).
 */
export function queryItems(
  index: CellIndex,
  table: ItemTable,
  query: ItemQuery,
  other: CellIndex | null,
  matches: ReadonlySet<string> | null,
): ItemsPayload {
  const { rule } = query;
  const otherAt = other === null ? null : new Map(other.items.map((item, i) => [item, i]));
  const otherStatus = (item: string): Status | null => {
    if (other === null || otherAt === null) return null;
    const at = otherAt.get(item);
    return at === undefined ? 'missing' : itemStatus(other.flags[at] ?? 0, rule);
  };
  const counts = { correct: 0, wrong: 0, failed: 0, missing: 0 };
  const pairs = other === null ? null : { n: 0, b: 0, c: 0 };
  const kept: number[] = [];
  index.items.forEach((item, i) => {
    const flags = index.flags[i] ?? 0;
    const status = itemStatus(flags, rule);
    counts[status] += 1;
    const theirs = otherStatus(item);
    // McNemar's pairs: items both cells have; a failed item is wrong.
    const paired = status !== 'missing' && theirs !== null && theirs !== 'missing';
    if (pairs !== null && paired) {
      pairs.n += 1;
      if (status === 'correct' && theirs !== 'correct') pairs.b += 1;
      if (status !== 'correct' && theirs === 'correct') pairs.c += 1;
    }
    if (!keepsVerdict(status, query.verdict)) return;
    if (!query.flags.every((flag) => hasFlag(flags, flag, rule))) return;
    if (query.discordant !== null) {
      if (!paired) return;
      const b = status === 'correct' && theirs !== 'correct';
      const c = status !== 'correct' && theirs === 'correct';
      if (query.discordant === 'b' ? !b : !c) return;
    }
    if (matches !== null && !matches.has(item)) return;
    kept.push(i);
  });
  const pages = Math.max(1, Math.ceil(kept.length / query.size));
  const page = Math.min(query.page, pages);
  const rows: ItemRow[] = kept.slice((page - 1) * query.size, page * query.size).map((i) => {
    const item = index.items[i] ?? '';
    const flags = index.flags[i] ?? 0;
    const error = index.errors[i] ?? -1;
    return {
      position: i,
      item,
      question: table.questions.get(item) ?? '',
      gold: table.gold.get(item) ?? '',
      answer: index.answers[rule][i] ?? null,
      status: itemStatus(flags, rule),
      flags: flagsOf(flags, rule),
      errorKind: error === -1 ? null : (index.errorKinds[error] ?? null),
      other: otherStatus(item),
    };
  });
  return { cell: index.cell, query: { ...query, page }, planned: index.items.length, matched: kept.length, rows, counts, pairs };
}
