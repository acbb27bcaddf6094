/**
 * The set of fingerprints seen so far: open addressing with linear probing over a flat `Int32Array`, four words
 * a slot, so a stored state costs 16 bytes divided by the load factor and the probe allocates nothing. An all-zero
 * slot is empty (fingerprints always have their lowest bit set).
 *
 * The interface is only `add`, so a sharded, parallel or disk-backed store can replace this one. With several
 * workers (parallel.ts) each worker owns one such set, allocated on shared memory: its owner alone adds, between
 * the phases in which the other workers only look up (`has`, through a view of the same memory).
 */
import { FINGERPRINT_WORDS } from './fingerprint.js';

const MAX_LOAD = 0.7;

/** A set of fingerprints. */
export interface StateStore {
  /** Adds the fingerprint at `fp[offset..offset+4)`; true when it was not in the set before. */
  add(fp: Int32Array, offset?: number): boolean;
  readonly size: number;
  /** Bytes held by the set itself. */
  readonly bytes: number;
}

/** An in-memory fingerprint set. */
export class FingerprintSet implements StateStore {
  private table: Int32Array;
  private mask: number;
  size = 0;

  /** An empty set; with `shared` its table lives in a SharedArrayBuffer that other threads can view. */
  constructor(
    initialCapacity = 1 << 16,
    private readonly shared = false,
  ) {
    let capacity = 1;
    while (capacity < initialCapacity) capacity <<= 1;
    this.table = allocate(capacity * FINGERPRINT_WORDS, shared);
    this.mask = capacity - 1;
  }

  /** A read-only view of a set whose table is `buffer` (from another thread's `buffer`); its `size` is unknown. */
  static view(buffer: SharedArrayBuffer): FingerprintSet {
    const set = new FingerprintSet(1);
    set.table = new Int32Array(buffer);
    set.mask = set.table.length / FINGERPRINT_WORDS - 1;
    return set;
  }

  get bytes(): number {
    return this.table.byteLength;
  }

  /** The table's memory: shared when the set was made with `shared`. It changes when the set grows. */
  get buffer(): ArrayBufferLike {
    return this.table.buffer;
  }

  /** True when the fingerprint at `fp[offset..offset+4)` is in the set. Adds nothing. */
  has(fp: Int32Array, offset = 0): boolean {
    const at = probe(
      this.table,
      FINGERPRINT_WORDS,
      this.mask,
      fp[offset]!,
      fp[offset + 1]!,
      fp[offset + 2]!,
      fp[offset + 3]!,
    );
    return this.table[at + 3] !== 0;
  }

  add(fp: Int32Array, offset = 0): boolean {
    if (this.size + 1 > (this.mask + 1) * MAX_LOAD) this.grow();
    const a = fp[offset]!;
    const b = fp[offset + 1]!;
    const c = fp[offset + 2]!;
    const d = fp[offset + 3]!;
    return this.insert(a, b, c, d);
  }

  private insert(a: number, b: number, c: number, d: number): boolean {
    const table = this.table;
    const at = probe(table, FINGERPRINT_WORDS, this.mask, a, b, c, d);
    if (table[at + 3] !== 0) return false;
    table[at] = a;
    table[at + 1] = b;
    table[at + 2] = c;
    table[at + 3] = d;
    this.size++;
    return true;
  }

  private grow(): void {
    const old = this.table;
    this.table = allocate(old.length * 2, this.shared);
    this.mask = this.mask * 2 + 1;
    this.size = 0;
    for (let at = 0; at < old.length; at += FINGERPRINT_WORDS) {
      if (old[at + 3] !== 0) this.insert(old[at]!, old[at + 1]!, old[at + 2]!, old[at + 3]!);
    }
  }
}

/**
 * Linear probing for the fingerprint (a, b, c, d) in `table`, slots of `slotWords` words that begin with the
 * fingerprint, `mask + 1` of them: the offset of its slot, or of the empty slot (word 3 zero) where it goes.
 * Shared with the liveness checker's fingerprint → id index (liveness/fingerprintIndex.ts).
 */
export function probe(
  table: Int32Array,
  slotWords: number,
  mask: number,
  a: number,
  b: number,
  c: number,
  d: number,
): number {
  let slot = (a ^ Math.imul(c, 0x9e3779b1)) & mask;
  for (;;) {
    const at = slot * slotWords;
    const sd = table[at + 3]!;
    if (sd === 0 || (sd === d && table[at] === a && table[at + 1] === b && table[at + 2] === c)) return at;
    slot = (slot + 1) & mask;
  }
}

function allocate(words: number, shared: boolean): Int32Array {
  return shared ? new Int32Array(new SharedArrayBuffer(words * 4)) : new Int32Array(words);
}
