// The viewer's JSON answers: what each page asks for, from the run as last read. Unknown cells and items are null, never a guess.
import { RULE_NAMES, type RuleName } from '../vocabulary.js';
import { parseItemQuery, queryItems } from './item-query.js';
import type { CellsPayload, ItemDetail, ItemsPayload, PromptPayload, RunPayload } from './api-types.js';
import type { LiveRun, LiveState } from './live-run.js';

function ruleParam(params: URLSearchParams): RuleName {
  const rule = params.get('rule');
  return (RULE_NAMES as readonly string[]).includes(rule ?? '') ? (rule as RuleName) : 'reference';
}

export function runPayload(state: LiveState, live: boolean): RunPayload {
  const { snapshot } = state;
  return {
    title: snapshot.title,
    dirs: snapshot.dirs,
    runs: snapshot.runs,
    gkt: snapshot.gkt,
    simulated: snapshot.simulated,
    warnings: snapshot.warnings,
    reloadError: state.reloadError,
    version: state.version,
    readAt: state.readAt.toISOString(),
    live,
    dashboard: snapshot.dashboard,
  };
}

export function cellsPayload(state: LiveState, params: URLSearchParams): CellsPayload {
  return state.snapshot.payloads[ruleParam(params)];
}

export async function itemsPayload(run: LiveRun, params: URLSearchParams): Promise<ItemsPayload | null> {
  const view = run.cell(params.get('cell') ?? '');
  if (view === undefined) return null;
  const query = parseItemQuery(params);
  const other = query.against === null ? null : (run.cell(query.against)?.index ?? null);
  const table = run.state.snapshot.tables.get(view.table) ?? { questions: new Map(), gold: new Map() };
  const matches = query.search.trim() === '' ? null : await run.search(view.cell.id, query.search);
  const page = queryItems(view.index, table, { ...query, against: other === null ? null : query.against }, other, matches);
  run.prefetch(view.cell.id, page.rows.map((row) => row.position));
  return page;
}

export function itemPayload(run: LiveRun, params: URLSearchParams): Promise<ItemDetail | null> {
  return run.item(params.get('cell') ?? '', params.get('item') ?? '', ruleParam(params));
}

/** The cell's exemplars, or null when the cell is unknown or its prompt file is not in the run folders. */
export function promptPayload(run: LiveRun, params: URLSearchParams): PromptPayload | null {
  const view = run.cell(params.get('cell') ?? '');
  if (view?.template == null) return null;
  return { cell: view.cell.id, exemplars: view.template.exemplars };
}
