// Data from a static bundle: scripts under data/ (pages opened from disk cannot fetch), filtered here as the server filters.
import { queryItems, searchKey } from '../../src/view/item-query.js';
import { tableFromJson, type CellIndex, type ItemTable, type ItemTableJson } from '../../src/view/item-bits.js';
import { BUNDLE_CHUNK, bundlePath, type BundleRun, type ItemDetail, type PromptPayload } from '../../src/view/api-types.js';
import type { DataSource } from './source.js';

declare global {
  // Filled by the bundle's data scripts, one key each.
  var gktBundle: Record<string, unknown> | undefined;
}

const loading = new Map<string, Promise<unknown>>();

function load<T>(key: string): Promise<T> {
  const have = globalThis.gktBundle?.[key];
  if (have !== undefined) return Promise.resolve(have as T);
  const pending = loading.get(key) ?? new Promise<unknown>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = bundlePath(key);
    script.onload = () => {
      const value = globalThis.gktBundle?.[key];
      if (value === undefined) reject(new Error(`${bundlePath(key)} holds no data`));
      else resolve(value);
    };
    script.onerror = () => {
      loading.delete(key);
      reject(new Error(`${bundlePath(key)} could not be loaded`));
    };
    document.head.append(script);
  });
  loading.set(key, pending);
  return pending as Promise<T>;
}

export function bundleData(): BundleRun | null {
  return (globalThis.gktBundle?.['run'] as BundleRun | undefined) ?? null;
}

export function bundleSource(bundle: BundleRun): DataSource {
  const files = new Map(bundle.files.map((f) => [f.cell, f]));
  const tables = new Map<number, Promise<ItemTable>>();
  const index = (cell: string): Promise<CellIndex> | null => {
    const file = files.get(cell);
    return file === undefined ? null : load<CellIndex>(`cells/${file.folder}/index`);
  };
  const table = (n: number): Promise<ItemTable> => {
    const known = tables.get(n) ?? load<ItemTableJson>(`tables/${n}`).then(tableFromJson);
    tables.set(n, known);
    return known;
  };
  return {
    kind: 'bundle',
    run: () => Promise.resolve(bundle.run),
    cells: (rule) => Promise.resolve(bundle.cells[rule]),
    items: async (cell, query) => {
      const file = files.get(cell);
      if (file === undefined) return null;
      const own = await load<CellIndex>(`cells/${file.folder}/index`);
      const other = query.against === null ? null : await index(query.against);
      let matches: Set<string> | null = null;
      const words = searchKey(query.search).trim();
      if (words !== '') {
        const texts = await load<string[]>(`cells/${file.folder}/search`);
        matches = new Set(own.items.filter((_, i) => (texts[i] ?? '').includes(words)));
      }
      return queryItems(own, await table(file.table), { ...query, against: other === null ? null : query.against }, other, matches);
    },
    item: async (cell, item, rule) => {
      const file = files.get(cell);
      if (file === undefined) return null;
      const own = await load<CellIndex>(`cells/${file.folder}/index`);
      const position = own.items.indexOf(item);
      if (position === -1) return null;
      const chunk = await load<ItemDetail[]>(`cells/${file.folder}/items-${Math.floor(position / BUNDLE_CHUNK)}`);
      const detail = chunk[position % BUNDLE_CHUNK];
      return detail === undefined ? null : { ...detail, cell: { ...detail.cell, rule } };
    },
    prompt: async (cell) => {
      const file = files.get(cell);
      if (file === undefined || !file.prompt) return null;
      return load<PromptPayload>(`cells/${file.folder}/prompt`);
    },
    onChange: () => () => undefined,
  };
}
