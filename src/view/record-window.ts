// A bounded cache of records near the ones last asked for: paging through a cell's items does not read its file each time.

/** Least recently used goes first; `undefined` values are never stored, `null` is (an item known to have no record). */
export class RecordWindow<T> {
  private readonly entries = new Map<string, T | null>();

  constructor(private readonly capacity: number) {}

  get(key: string): T | null | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: T | null): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
