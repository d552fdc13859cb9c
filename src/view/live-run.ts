// The run as the viewer knows it: read once, read again when its files change, and single items read on demand.
import { performance } from 'node:perf_hooks';
import { RecordWindow } from './record-window.js';
import { folderStamp, readCellRecords, readPassRecords, readRun, type RunRead } from './run-source.js';
import { buildSnapshot, type Snapshot, type ViewCell } from './snapshot.js';
import { itemDetail } from './item-detail.js';
import { searchKey } from './item-query.js';
import type { RuleName } from '../extract/types.js';
import type { ItemDetail } from './api-types.js';
import type { ItemRecord, TeacherRecord } from '../results/records.js';

/** Records kept around the last items asked for (a page's worth on either side). */
const WINDOW = 100;
const CACHE_RECORDS = 1200;
const CACHE_SEARCHES = 32;
/** With no page open and no request for this long, the files are not read again until one comes. */
const IDLE_MS = 60_000;

export interface LiveState {
  snapshot: Snapshot;
  version: number;
  readAt: Date;
  reloadError: string | null;
}

type Files = Pick<RunRead, 'cellFiles' | 'passFiles' | 'skeletons'>;

export class LiveRun {
  private files: Files;
  private stamp: string;
  private timer: NodeJS.Timeout | null = null;
  private reading = false;
  private nextRead = 0;
  private lastAsked = performance.now();
  private readonly listeners = new Set<(state: LiveState) => void>();
  private readonly records = new RecordWindow<ItemRecord>(CACHE_RECORDS);
  private readonly teacher = new RecordWindow<TeacherRecord>(CACHE_RECORDS);
  private readonly searches = new RecordWindow<Set<string>>(CACHE_SEARCHES);
  state: LiveState;

  private constructor(readonly roots: readonly string[], read: RunRead, stamp: string) {
    this.files = read;
    this.stamp = stamp;
    this.state = { snapshot: buildSnapshot(read.run), version: 1, readAt: new Date(), reloadError: null };
  }

  /** Reads the folders; a folder that is not a run, or a link leading out of them, is refused here. */
  static async open(roots: readonly string[]): Promise<LiveRun> {
    const stamp = await folderStamp(roots);
    return new LiveRun(roots, await readRun(roots), stamp);
  }

  /**
   * Looks at the files every `pollMs` while a page is open or was lately asked for something, and reads
   * them again when they changed, leaving the machine (which may be serving the run's models) three
   * quarters of the time a read takes.
   */
  watch(pollMs: number): void {
    if (this.timer !== null) return;
    const tick = (): void => {
      void this.poll().finally(() => {
        if (this.timer !== null) this.timer = setTimeout(tick, pollMs);
      });
    };
    this.timer = setTimeout(tick, pollMs);
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  subscribe(listener: (state: LiveState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A page asked for something: reads resume if they had paused. */
  touch(): void {
    this.lastAsked = performance.now();
  }

  private async poll(): Promise<void> {
    if (this.reading || performance.now() < this.nextRead) return;
    if (this.listeners.size === 0 && performance.now() - this.lastAsked > IDLE_MS) return;
    let stamp: string;
    try {
      stamp = await folderStamp(this.roots);
    } catch {
      return;
    }
    if (stamp === this.stamp) return;
    this.reading = true;
    const started = performance.now();
    try {
      const read = await readRun(this.roots);
      this.files = read;
      this.state = { snapshot: buildSnapshot(read.run), version: this.state.version + 1, readAt: new Date(), reloadError: null };
      this.records.clear();
      this.teacher.clear();
      this.searches.clear();
    } catch (error) {
      // The pages keep what was read before and say why it is not newer.
      this.state = { ...this.state, version: this.state.version + 1, reloadError: (error as Error).message };
    } finally {
      this.stamp = stamp;
      this.reading = false;
      this.nextRead = performance.now() + Math.max(500, 3 * (performance.now() - started));
    }
    for (const listener of this.listeners) listener(this.state);
  }

  cell(id: string): ViewCell | undefined {
    return this.state.snapshot.cells.get(id);
  }

  /** Null when the cell or the item is not in the run. */
  async item(cellId: string, item: string, rule: RuleName): Promise<ItemDetail | null> {
    const view = this.cell(cellId);
    if (view === undefined) return null;
    const position = view.index.items.indexOf(item);
    if (position === -1) return null;
    const { version } = this.state;
    const pass = view.cell.teacher?.pass ?? null;
    const [record, teacher] = await Promise.all([
      this.near(this.records, `${version}\0${cellId}`, view, position, () =>
        readCellRecords(this.files, this.files.cellFiles.get(cellId) ?? [], this.roots, cellId)),
      pass === null
        ? undefined
        : this.near(this.teacher, `${version}\0${pass}`, view, position, () =>
          readPassRecords(this.files, this.files.passFiles.get(pass) ?? [], this.roots, pass)),
    ]);
    const table = this.state.snapshot.tables.get(view.table);
    return itemDetail({
      cell: view.cell,
      rule,
      item,
      planned: view.index.items,
      position,
      record,
      teacher,
      template: view.template,
      known: { question: table?.questions.get(item) ?? '', gold: table?.gold.get(item) ?? '' },
    });
  }

  /** From the window when there, else the whole file is read and the items around `position` kept. */
  private async near<T>(
    window: RecordWindow<T>,
    prefix: string,
    view: ViewCell,
    position: number,
    read: () => Promise<Map<string, T>>,
  ): Promise<T | undefined> {
    const item = view.index.items[position] ?? '';
    const cached = window.get(`${prefix}\0${item}`);
    if (cached !== undefined) return cached ?? undefined;
    const records = await read();
    const from = Math.max(0, position - WINDOW);
    for (const near of view.index.items.slice(from, position + WINDOW + 1)) window.set(`${prefix}\0${near}`, records.get(near) ?? null);
    window.set(`${prefix}\0${item}`, records.get(item) ?? null);
    return records.get(item);
  }

  /** Items whose question, guidance, continuation or gold hold the words, case and spacing aside. */
  async search(cellId: string, words: string): Promise<Set<string>> {
    const key = `${this.state.version}\0${cellId}\0${words}`;
    const cached = this.searches.get(key);
    if (cached != null) return cached;
    const wanted = searchKey(words).trim();
    const records = await readCellRecords(this.files, this.files.cellFiles.get(cellId) ?? [], this.roots, cellId);
    const found = new Set<string>();
    for (const [item, record] of records) {
      const text = [record.question, record.gold, (record.guidance?.text ?? '') + (record.student?.text ?? '')].join('\n');
      if (searchKey(text).includes(wanted)) found.add(item);
    }
    this.searches.set(key, found);
    return found;
  }
}
