/**
 * The compact fingerprint set of the parallel search: 96 of a fingerprint's 128 bits in 12 bytes a slot, with
 * open addressing kept between 75% and 90% full, so a stored state costs 13.3 to 16 bytes.
 *
 * Why 96 bits: a state is wrongly taken for seen when its fingerprint equals a stored one. Of the 96 stored bits
 * one is forced (it marks a slot as used), and the word that routes a fingerprint to its worker and sub-table is
 * not stored, so two fingerprints are only compared when they agree on those routing bits too: at least 95
 * random bits decide. Each of n new states meets at most n stored ones, so the chance of any wrong merge is at
 * most n²/2^95: 1e-15 at L9's 6.7 million states, 2.5e-11 at 10^9. TLC's 64 bits give about n²/2^64 = 0.05
 * at 10^9 by the same bound.
 *
 * Why 75–90%: linear probing stays short at 90% for the lookups that find their state (most of a search's
 * lookups), and growing by 1.2 when 90% full leaves it 75% full. A search spreads its states over many such
 * tables (sub-tables of each worker), so growing one copies a small table, not the whole set.
 *
 * A table can live in a SharedArrayBuffer: its owner adds; the other workers look up through `view`, also while
 * the owner adds (parallel/worker.ts). A slot's marker word is written last (atomically, so after the others on
 * any processor) and read first. A lookup that misses a fingerprint being added only costs a candidate, which
 * the owner's merge drops. Reads stay plain, for speed (an atomic read kept V8 from inlining the lookup: 5% of
 * a worker's time); where the processor may reorder them (not x86), a lookup racing a write can see that slot
 * in part, and take it for its own fingerprint only if the fingerprint has a zero word where the slot's is
 * still unwritten and equals it elsewhere: under 2^-63 per such race, far below the collision bound. Growing
 * writes a new buffer and leaves the old one as it was: a view of it is out of date, never wrong.
 */

const SLOT_WORDS = 3;
const MAX_LOAD = 0.9;
const GROWTH = 1.2;
const MIN_CAPACITY = 256;

export class FingerprintTable {
  private table: Int32Array;
  private capacity: number;
  private limit: number;
  size = 0;

  constructor(
    capacity = MIN_CAPACITY,
    private readonly shared = false,
  ) {
    this.capacity = Math.max(MIN_CAPACITY, Math.ceil(capacity));
    this.table = allocate(this.capacity * SLOT_WORDS, shared);
    this.limit = Math.floor(this.capacity * MAX_LOAD);
  }

  /** A read-only view of the table whose memory is `buffer` (another thread's `buffer`). */
  static view(buffer: SharedArrayBuffer): FingerprintTable {
    const t = new FingerprintTable(MIN_CAPACITY);
    t.table = new Int32Array(buffer);
    t.capacity = t.table.length / SLOT_WORDS;
    t.limit = 0;
    return t;
  }

  /** A table over `slots`, the raw memory of a table that held `size` fingerprints (a checkpoint's copy). */
  static restore(slots: Uint8Array, size: number, shared: boolean): FingerprintTable {
    const t = new FingerprintTable(MIN_CAPACITY, shared);
    t.table = allocate(slots.byteLength >> 2, shared);
    new Uint8Array(t.table.buffer).set(slots);
    t.capacity = t.table.length / SLOT_WORDS;
    t.limit = Math.floor(t.capacity * MAX_LOAD);
    t.size = size;
    return t;
  }

  /** The table's memory as bytes (valid until it grows). */
  get slots(): Uint8Array {
    return new Uint8Array(this.table.buffer, this.table.byteOffset, this.table.byteLength);
  }

  /** Bytes of the table. */
  get bytes(): number {
    return this.table.byteLength;
  }

  /** The table's memory; a new buffer after the table grows. */
  get buffer(): ArrayBufferLike {
    return this.table.buffer;
  }

  /** True when the fingerprint at `fp[offset..offset+4)` is in the table (word 1 is the routing word). */
  has(fp: Int32Array, offset: number): boolean {
    const table = this.table;
    const capacity = this.capacity;
    const a = fp[offset]!;
    const c = fp[offset + 2]!;
    const d = fp[offset + 3]!;
    let slot = slotOf(a, capacity);
    for (;;) {
      const at = slot * SLOT_WORDS;
      const sd = table[at + 2]!;
      if (sd === 0) return false;
      if (sd === d && table[at] === a && table[at + 1] === c) return true;
      if (++slot === capacity) slot = 0;
    }
  }

  /** Adds the fingerprint at `fp[offset..offset+4)`; true when it was not there. */
  add(fp: Int32Array, offset: number): boolean {
    if (this.size >= this.limit) this.grow();
    return this.insert(fp[offset]!, fp[offset + 2]!, fp[offset + 3]!);
  }

  private insert(a: number, c: number, d: number): boolean {
    const table = this.table;
    const capacity = this.capacity;
    let slot = slotOf(a, capacity);
    for (;;) {
      const at = slot * SLOT_WORDS;
      const sd = table[at + 2]!;
      if (sd === 0) {
        table[at] = a;
        table[at + 1] = c;
        Atomics.store(table, at + 2, d);
        this.size++;
        return true;
      }
      if (sd === d && table[at] === a && table[at + 1] === c) return false;
      if (++slot === capacity) slot = 0;
    }
  }

  /** Bytes of tables outgrown so far, in this thread (their memory returns at the next full collection). */
  static outgrownBytes = 0;

  private grow(): void {
    const old = this.table;
    FingerprintTable.outgrownBytes += old.byteLength;
    this.capacity = Math.ceil(this.capacity * GROWTH);
    this.table = allocate(this.capacity * SLOT_WORDS, this.shared);
    this.limit = Math.floor(this.capacity * MAX_LOAD);
    // The new buffer is no one else's yet: plain writes, and no lookup (every fingerprint is distinct).
    const table = this.table;
    const capacity = this.capacity;
    for (let from = 0; from < old.length; from += SLOT_WORDS) {
      const d = old[from + 2]!;
      if (d === 0) continue;
      const a = old[from]!;
      let slot = slotOf(a, capacity);
      while (table[slot * SLOT_WORDS + 2] !== 0) if (++slot === capacity) slot = 0;
      const at = slot * SLOT_WORDS;
      table[at] = a;
      table[at + 1] = old[from + 1]!;
      table[at + 2] = d;
    }
  }
}

/** The first slot to probe for a fingerprint whose word 0 is `a`: word 0 scaled to the capacity. */
function slotOf(a: number, capacity: number): number {
  return Math.floor(((a >>> 0) * capacity) / 4294967296);
}

/** The collision bound of the module comment: n²/2^95. */
export function tableCollisionProbability(distinct: number): number {
  return (distinct * distinct) / 2 ** 95;
}

/**
 * A zeroed table, its pages written already: a fresh page that is read first (a probe) is mapped to the shared
 * zero page, and the write that follows replaces it and flushes the TLB of every core running this process,
 * interrupting the other workers (L9, two workers: 0.7 s of system time in those flushes, about 0.6 s of wall).
 */
function allocate(words: number, shared: boolean): Int32Array {
  const table = shared ? new Int32Array(new SharedArrayBuffer(words * 4)) : new Int32Array(words);
  return table.fill(0);
}
