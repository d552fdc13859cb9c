// The record sets the viewer keeps open to read items by: each opened once however many ask, the least recently used closed past a few, none closed while in use.
import type { RecordKind } from '../results/read-records.js';
import type { RecordSet } from '../results/record-set.js';

interface Entry {
  set: Promise<RecordSet<RecordKind>>;
  users: number;
  /** No longer offered: closed once its last user is done. */
  retired: boolean;
}

export class RecordSets {
  /** Least recently used first. */
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly open: (kind: RecordKind, id: string) => Promise<RecordSet<RecordKind>>,
    private readonly capacity: number,
  ) {}

  /** Runs `use` with the set of `kind` and `id` as of `scope` (what it is read from, e.g. the run's version). */
  async use<K extends RecordKind, T>(scope: string, kind: K, id: string, use: (set: RecordSet<K>) => Promise<T>): Promise<T> {
    const key = `${scope}\0${kind}\0${id}`;
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = { set: this.open(kind, id), users: 0, retired: false };
    } else {
      this.entries.delete(key);
    }
    this.entries.set(key, entry);
    entry.users += 1;
    try {
      return await use((await entry.set) as RecordSet<K>);
    } catch (error) {
      // A set that failed to open is not kept: the next ask tries again.
      if (this.entries.get(key) === entry && (await entry.set.then(() => false, () => true))) this.retire(key, entry);
      throw error;
    } finally {
      entry.users -= 1;
      if (entry.retired && entry.users === 0) close(entry);
      this.evict();
    }
  }

  /** Every set retired: those in use close when their users are done. */
  clear(): void {
    for (const [key, entry] of [...this.entries]) this.retire(key, entry);
  }

  private evict(): void {
    while (this.entries.size > this.capacity) {
      const [key, entry] = this.entries.entries().next().value!;
      this.retire(key, entry);
    }
  }

  private retire(key: string, entry: Entry): void {
    this.entries.delete(key);
    entry.retired = true;
    if (entry.users === 0) close(entry);
  }
}

function close(entry: Entry): void {
  void entry.set.then((set) => set.close()).catch(() => undefined);
}
