/** Append-only typed arrays that double when full: the behaviour graph's columns. */

type Typed = Int32Array | Uint16Array | Uint32Array;

/** A growable column of `T` elements; `array` is valid until the next `push`. */
export class Column<T extends Typed> {
  length = 0;

  constructor(
    public array: T,
    private readonly make: (n: number) => T,
  ) {}

  push(value: number): void {
    if (this.length === this.array.length) {
      const bigger = this.make(this.array.length * 2);
      bigger.set(this.array);
      this.array = bigger;
    }
    this.array[this.length++] = value;
  }

  /** The elements pushed, in an array of exactly that length (shares no memory with the column). */
  trimmed(): T {
    return this.array.slice(0, this.length) as T;
  }
}

export const int32Column = (): Column<Int32Array> => new Column(new Int32Array(1024), (n) => new Int32Array(n));
export const uint16Column = (): Column<Uint16Array> => new Column(new Uint16Array(1024), (n) => new Uint16Array(n));
export const uint32Column = (): Column<Uint32Array> => new Column(new Uint32Array(1024), (n) => new Uint32Array(n));
