// Data from the gkt view server: JSON routes, and server-sent events when the run's records change.
import { itemQueryParams } from '../../src/view/item-query.js';
import type { CellsPayload, ItemDetail, ItemsPayload, PromptPayload, RunPayload } from '../../src/view/api-types.js';
import type { DataSource } from './source.js';

async function getJson<T>(path: string, params: URLSearchParams): Promise<T | null> {
  const response = await fetch(`${path}?${params.toString()}`, { headers: { Accept: 'application/json' } });
  if (response.status === 404) return null;
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    throw new Error(`${path}: ${body.error ?? `${response.status} ${response.statusText}`}`);
  }
  return (await response.json()) as T;
}

async function need<T>(value: Promise<T | null>, what: string): Promise<T> {
  const found = await value;
  if (found === null) throw new Error(`${what}: not found`);
  return found;
}

export function serverSource(): DataSource {
  const listeners = new Set<(version: number, reloadError: string | null) => void>();
  let events: EventSource | null = null;
  const connect = (): void => {
    if (events !== null) return;
    events = new EventSource('api/events');
    events.addEventListener('version', (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as { version: number; reloadError: string | null };
      for (const listener of listeners) listener(data.version, data.reloadError);
    });
  };
  return {
    kind: 'server',
    run: () => need(getJson<RunPayload>('api/run', new URLSearchParams()), 'run'),
    cells: (rule) => need(getJson<CellsPayload>('api/cells', new URLSearchParams({ rule })), 'cells'),
    items: (cell, query) => {
      const params = itemQueryParams(query);
      params.set('cell', cell);
      params.set('rule', query.rule);
      return getJson<ItemsPayload>('api/items', params);
    },
    item: (cell, item, rule) => getJson<ItemDetail>('api/item', new URLSearchParams({ cell, item, rule })),
    prompt: (cell) => getJson<PromptPayload>('api/prompt', new URLSearchParams({ cell })),
    onChange: (listener) => {
      listeners.add(listener);
      connect();
      return () => listeners.delete(listener);
    },
  };
}
