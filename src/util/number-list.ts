// A growing list of numbers kept in fixed blocks of typed memory: long lists cost 8 bytes a number and leave the garbage collector nothing to move.
const BLOCK = 8192;

export class NumberList {
  private readonly blocks: Float64Array[] = [];
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(value: number): void {
    const slot = this.count % BLOCK;
    if (slot === 0) this.blocks.push(new Float64Array(BLOCK));
    this.blocks[this.blocks.length - 1]![slot] = value;
    this.count += 1;
  }

  at(index: number): number {
    return this.blocks[Math.floor(index / BLOCK)]![index % BLOCK]!;
  }

  /** Replaces the number at `index` (which must exist). */
  set(index: number, value: number): void {
    this.blocks[Math.floor(index / BLOCK)]![index % BLOCK] = value;
  }

  /** The numbers in order, as a plain array. */
  toArray(): number[] {
    const out = new Array<number>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.at(i);
    return out;
  }

  /** The numbers sorted ascending, in typed memory of their own. */
  sorted(): Float64Array {
    const out = new Float64Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.at(i);
    return out.sort();
  }
}
