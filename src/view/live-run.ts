// The run as the viewer knows it: read once, read again when its files change, and single items read on demand.
import { performance } from 'node:perf_hooks';
import { RecordWindow } from './record-window.js';
import { folderStamp, openRecords, readRun } from './run-source.js';
import { buildSnapshot, type Snapshot, type ViewCell } from './snapshot.js';
import { itemDetail } from './item-detail.js';
import { searchKey } from './item-query.js';
import type { RuleName } from '../vocabulary.js';
import type { ItemDetail } from './api-types.js';
import type { RecordKind } from '../results/read-records.js';
import type { RecordSet } from '../results/record-set.js';
import type { ItemRecord, TeacherRecord } from '../results/records.js';
import { RecordSets } from './record-sets.js';

/** Records kept around the last items asked for (a page's worth on either side). */
const WINDOW = 100;
const CACHE_RECORDS = 1200;
const CACHE_SEARCHES = 32;
/** Passes' and cells' record files kept open for reading by item (each holds its index, no texts). */
const OPEN_SETS = 6;
/** A page shown this long without another asked for has its records read ahead. */
const PREFETCH_DELAY_MS = 300;
/** With no page open and no request for this long, the files are not read again until one comes. */
const IDLE_MS = 60_000;

export interface LiveState {
  snapshot: Snapshot;
  version: number;
  readAt: Date;
  reloadError: string | null;
}

export class LiveRun {
  private stamp: string;
  private timer: NodeJS.Timeout | null = null;
  private reading = false;
  private nextRead = 0;
  private lastAsked = performance.now();
  private readonly listeners = new Set<(state: LiveState) => void>();
  private readonly recordWindow = new RecordWindow<ItemRecord>(CACHE_RECORDS);
  private readonly teacherWindow = new RecordWindow<TeacherRecord>(CACHE_RECORDS);
  private readonly sets: RecordSets;
  /** The latest page of items asked for, per cell: only its records are read ahead. */
  private readonly wanted = new Map<string, symbol>();
  private readonly searches = new RecordWindow<Set<string>>(CACHE_SEARCHES);
  state: LiveState;

  private constructor(readonly roots: readonly string[], snapshot: Snapshot, stamp: string) {
    this.stamp = stamp;
    this.sets = new RecordSets((kind, id) => openRecords(roots, kind, id), OPEN_SETS);
    this.state = { snapshot, version: 1, readAt: new Date(), reloadError: null };
  }

  /** Reads the folders; a folder that is not a run, or a link leading out of them, is refused here. */
  static async open(roots: readonly string[]): Promise<LiveRun> {
    const stamp = await folderStamp(roots);
    // The run as read is let go once the snapshot is built: only the pages' lists and figures stay.
    return new LiveRun(roots, buildSnapshot(await readRun(roots)), stamp);
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
    this.wanted.clear();
    this.sets.clear();
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
      const snapshot = buildSnapshot(await readRun(this.roots));
      this.state = { snapshot, version: this.state.version + 1, readAt: new Date(), reloadError: null };
      this.recordWindow.clear();
      this.teacherWindow.clear();
      this.searches.clear();
      this.sets.clear();
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
    const around = view.index.items.slice(Math.max(0, position - WINDOW), position + WINDOW + 1);
    const [record, teacher] = await this.records(view, item, around);
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

  /**
   * A page of items was shown: their records are read now, unless another page of the cell is asked
   * for first (someone paging through), so that opening one of them does not wait for its files.
   */
  prefetch(cellId: string, positions: readonly number[]): void {
    const view = this.cell(cellId);
    const first = positions[0];
    if (view === undefined || first === undefined) return;
    const ticket = Symbol(cellId);
    this.wanted.set(cellId, ticket);
    setTimeout(() => {
      if (this.wanted.get(cellId) !== ticket) return;
      this.wanted.delete(cellId);
      const last = positions[positions.length - 1] ?? first;
      const items = view.index.items.slice(Math.max(0, first - WINDOW / 2), last + WINDOW / 2 + 1);
      void this.records(view, view.index.items[first] ?? '', items).catch(() => undefined);
    }, PREFETCH_DELAY_MS).unref();
  }

  /** The item's record and its teacher record, from the windows or from the files, keeping `around` in the windows. */
  private records(view: ViewCell, item: string, around: readonly string[]): Promise<[ItemRecord | undefined, TeacherRecord | undefined]> {
    const { version } = this.state;
    const cell = view.cell.id;
    const pass = view.cell.teacher?.pass ?? null;
    return Promise.all([
      this.near(this.recordWindow, version, 'cell', cell, item, around),
      pass === null ? undefined : this.near(this.teacherWindow, version, 'pass', pass, item, around),
    ]);
  }

  /** From the window when there, else read by item from the files, `around` too (those not in the window yet). */
  private async near<K extends RecordKind>(
    window: RecordWindow<K extends 'pass' ? TeacherRecord : ItemRecord>,
    version: number,
    kind: K,
    id: string,
    item: string,
    around: readonly string[],
  ): Promise<(K extends 'pass' ? TeacherRecord : ItemRecord) | undefined> {
    const prefix = `${version}\0${id}`;
    const cached = window.get(`${prefix}\0${item}`);
    if (cached !== undefined) return cached ?? undefined;
    return this.sets.use(String(version), kind, id, async (set: RecordSet<K>) => {
      const record = await set.read(item);
      for (const near of around) {
        if (near === item || window.get(`${prefix}\0${near}`) !== undefined) continue;
        window.set(`${prefix}\0${near}`, (await set.read(near)) ?? null);
      }
      window.set(`${prefix}\0${item}`, record ?? null);
      return record;
    });
  }

  /** Items whose question, guidance, continuation or gold hold the words, case and spacing aside. */
  async search(cellId: string, words: string): Promise<Set<string>> {
    const { version } = this.state;
    const key = `${version}\0${cellId}\0${words}`;
    const cached = this.searches.get(key);
    if (cached != null) return cached;
    const wanted = searchKey(words).trim();
    const found = new Set<string>();
    // The cell's records streamed past, none kept.
    await this.sets.use(String(version), 'cell', cellId, (set) =>
      set.scan((record) => {
        const text = [record.question, record.gold, (record.guidance?.text ?? '') + (record.student?.text ?? '')].join('\n');
        if (searchKey(text).includes(wanted)) found.add(record.item);
      }));
    this.searches.set(key, found);
    return found;
  }
}
