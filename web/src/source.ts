// Where the pages get their data: the gkt view server, or the scripts of a static bundle. Both answer the same questions.
import type { RuleName } from '../../src/vocabulary.js';
import type { CellsPayload, ItemDetail, ItemQuery, ItemsPayload, PromptPayload, RunPayload } from '../../src/view/api-types.js';

export interface DataSource {
  kind: 'server' | 'bundle';
  run(): Promise<RunPayload>;
  cells(rule: RuleName): Promise<CellsPayload>;
  items(cell: string, query: ItemQuery): Promise<ItemsPayload | null>;
  item(cell: string, item: string, rule: RuleName): Promise<ItemDetail | null>;
  prompt(cell: string): Promise<PromptPayload | null>;
  /** Called with the new version whenever the run was read again; returns the unsubscribe. */
  onChange(listener: (version: number, reloadError: string | null) => void): () => void;
}
