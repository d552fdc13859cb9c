// Pages are addressed by the URL's hash, so the same links work served and opened from disk.
import { RULE_NAMES, type RuleName } from '../../src/vocabulary.js';
import { itemQueryParams, parseItemQuery } from '../../src/view/item-query.js';
import type { ItemQuery } from '../../src/view/api-types.js';

export type Route =
  | { page: 'cells'; rule: RuleName }
  | { page: 'items'; cell: string; query: ItemQuery }
  | { page: 'item'; cell: string; item: string; rule: RuleName; back: string }
  | { page: 'compare'; left: string; right: string; item: string; rule: RuleName }
  | { page: 'unknown'; hash: string };

function ruleOf(params: URLSearchParams): RuleName {
  const rule = params.get('rule');
  return (RULE_NAMES as readonly string[]).includes(rule ?? '') ? (rule as RuleName) : 'reference';
}

function decode(part: string | undefined): string | null {
  if (part === undefined) return null;
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const at = text.indexOf('?');
  const path = at === -1 ? text : text.slice(0, at);
  const search = at === -1 ? '' : text.slice(at + 1);
  const params = new URLSearchParams(search);
  const parts = path.split('/').filter((p) => p !== '');
  const [page, ...rest] = parts;
  const ids = rest.map(decode);
  if (ids.some((id) => id === null)) return { page: 'unknown', hash };
  const [a, b, c] = ids as string[];
  if (page === undefined) return { page: 'cells', rule: ruleOf(params) };
  if (page === 'cell' && a !== undefined && b === undefined) return { page: 'items', cell: a, query: parseItemQuery(params) };
  if (page === 'item' && a !== undefined && b !== undefined && c === undefined) {
    return { page: 'item', cell: a, item: b, rule: ruleOf(params), back: params.get('back') ?? '' };
  }
  if (page === 'compare' && a !== undefined && b !== undefined && c !== undefined) {
    return { page: 'compare', left: a, right: b, item: c, rule: ruleOf(params) };
  }
  return { page: 'unknown', hash };
}

const part = encodeURIComponent;

export function cellsHref(rule: RuleName): string {
  return rule === 'reference' ? '#/' : `#/?rule=${rule}`;
}

export function itemsHref(cell: string, query: ItemQuery): string {
  const params = itemQueryParams(query).toString();
  return `#/cell/${part(cell)}${params === '' ? '' : `?${params}`}`;
}

/** `back` is the items page's query, so the item page leads back to the same filtered list. */
export function itemHref(cell: string, item: string, rule: RuleName, back = ''): string {
  const params = new URLSearchParams();
  if (rule !== 'reference') params.set('rule', rule);
  if (back !== '') params.set('back', back);
  const text = params.toString();
  return `#/item/${part(cell)}/${part(item)}${text === '' ? '' : `?${text}`}`;
}

export function compareHref(left: string, right: string, item: string, rule: RuleName): string {
  return `#/compare/${part(left)}/${part(right)}/${part(item)}${rule === 'reference' ? '' : `?rule=${rule}`}`;
}
