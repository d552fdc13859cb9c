// The frame of every page: header with the run and its live state, and the page the URL's hash names.
import { useEffect, useRef, useState } from 'preact/hooks';
import { CellsPage } from './pages/cells-page.js';
import { ComparePage } from './pages/compare-page.js';
import { ItemPage } from './pages/item-page.js';
import { ItemsPage } from './pages/items-page.js';
import { parseRoute, type Route } from './route.js';
import { useData } from './use-data.js';
import type { DataSource } from './source.js';

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** The run's version: bumped by the server when records arrive, so every page loads again. */
function useVersion(source: DataSource): { version: number; reloadError: string | null } {
  const [state, setState] = useState({ version: 0, reloadError: null as string | null });
  useEffect(() => source.onChange((version, reloadError) => setState({ version, reloadError })), [source]);
  return state;
}

export function App({ source }: { source: DataSource }) {
  const route = useRoute();
  const { version, reloadError } = useVersion(source);
  const run = useData(() => source.run(), [source, version]);
  const main = useRef<HTMLElement>(null);
  const routeKey = location.hash;
  // A new page takes the focus to its heading, as a page load would; a live refresh leaves the focus alone.
  useEffect(() => {
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [routeKey]);
  const info = run.data;
  const live = info?.live === true;
  let page;
  switch (route.page) {
    case 'cells':
      page = <CellsPage source={source} rule={route.rule} version={version} run={info} />;
      break;
    case 'items':
      page = <ItemsPage source={source} cell={route.cell} query={route.query} version={version} />;
      break;
    case 'item':
      page = <ItemPage source={source} cell={route.cell} item={route.item} rule={route.rule} back={route.back} version={version} />;
      break;
    case 'compare':
      page = <ComparePage source={source} left={route.left} right={route.right} item={route.item} rule={route.rule} version={version} />;
      break;
    default:
      page = (
        <section>
          <h1 tabIndex={-1}>No such page</h1>
          <p><a href="#/">All cells</a></p>
        </section>
      );
  }
  return (
    <>
      <a class="skip" href="#main" onClick={(event) => { event.preventDefault(); main.current?.querySelector<HTMLElement>('h1')?.focus(); }}>Skip to content</a>
      <header class="top">
        <a class="brand" href="#/">gkt view</a>
        <span class="runs">{info === null ? '' : info.runs.join(', ')}</span>
        <span class={`state ${live ? 'live' : 'static'}`} title={info === null ? '' : `read ${info.readAt}`}>
          {info === null ? '' : live ? `live · read ${new Date(info.readAt).toLocaleTimeString()}` : `snapshot of ${new Date(info.readAt).toLocaleString()}`}
        </span>
      </header>
      {reloadError !== null || info?.reloadError ? (
        <p class="banner warn" role="status">The run folders could not be read again ({reloadError ?? info?.reloadError}); the pages show what was read before.</p>
      ) : null}
      {run.error !== null ? <p class="banner warn" role="alert">{run.error}</p> : null}
      <main id="main" ref={main}>{page}</main>
    </>
  );
}
