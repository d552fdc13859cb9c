// Where each string of a long list is, found by binary search over its sorted order: a fraction of a Map's memory.

/** What a lookup of positions needs: a Map answers it too. */
export interface PositionLookup {
  readonly size: number;
  get(item: string): number | undefined;
  has(item: string): boolean;
}

export class Positions implements PositionLookup {
  /** The list's positions, in the order of the strings they hold. */
  private readonly order: Int32Array;

  constructor(private readonly list: readonly string[]) {
    this.order = Int32Array.from(list, (_, i) => i).sort((a, b) => compare(list[a]!, list[b]!));
  }

  get size(): number {
    return this.list.length;
  }

  get(item: string): number | undefined {
    let low = 0;
    let high = this.order.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const at = this.order[mid]!;
      const order = compare(this.list[at]!, item);
      if (order === 0) return at;
      if (order < 0) low = mid + 1;
      else high = mid - 1;
    }
    return undefined;
  }

  has(item: string): boolean {
    return this.get(item) !== undefined;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
